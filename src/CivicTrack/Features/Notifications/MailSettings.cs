namespace CivicTrack.Features.Notifications;

/// <summary>How the mail server is reached: see MailKit's SecureSocketOptions.</summary>
public enum MailSecurity { None, StartTls, SslOnConnect, Auto }

/// <summary>The <c>Mail</c> configuration section. Without a host, e-mail is off and notifications go to the inbox only.</summary>
public sealed class MailSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public MailSecurity Security { get; set; } = MailSecurity.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "civictrack@localhost";
    public string FromName { get; set; } = "CivicTrack";
    /// <summary>How often the outbox looks for pending e-mail when nothing wakes it.</summary>
    public int PollSeconds { get; set; } = 30;
    /// <summary>The instance's public address (e.g. https://civictrack.example.gov.vn), to make links in e-mail absolute.</summary>
    public string? BaseUrl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
