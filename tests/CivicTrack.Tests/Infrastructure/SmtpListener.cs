using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace CivicTrack.Tests.Infrastructure;

/// <summary>A message as the test mail server received it: the envelope and the parsed message.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";
    public string Text => Message.TextBody ?? "";
}

/// <summary>A real, minimal SMTP server on 127.0.0.1 (no TLS, no authentication) that keeps every message it accepts.
/// It speaks EHLO/HELO, MAIL FROM, RCPT TO, DATA (with dot-unstuffing), RSET, NOOP and QUIT.</summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _sessions = [];
    private readonly List<ReceivedMail> _messages = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmtpListener()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public IReadOnlyList<ReceivedMail> Messages
    {
        get { lock (_lock) return [.. _messages]; }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                if (_messages.Count >= count) return [.. _messages];
                arrived = _arrived.Task;
            }
            try
            {
                await arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Expected {count} messages within {timeout}, received {Messages.Count}.");
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_lock) _sessions.Add(SessionAsync(client));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        var ct = _stop.Token;
        try
        {
            var stream = client.GetStream();
            // Latin-1 keeps every byte as it came, so the message parses exactly as sent.
            using var reader = new StreamReader(stream, Encoding.Latin1, false, 4096, leaveOpen: true);
            async Task Reply(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), ct);

            await Reply("220 localhost test SMTP ready");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await Reply("250-localhost");
                        await Reply("250 HELP");
                        break;
                    case "HELO":
                        await Reply("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        recipients.Clear();
                        await Reply("250 OK");
                        break;
                    case "RCPT":
                        if (from is null) { await Reply("503 MAIL first"); break; }
                        recipients.Add(Address(line));
                        await Reply("250 OK");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0) { await Reply("503 RCPT first"); break; }
                        await Reply("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(ct) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())), ct);
                        lock (_lock)
                        {
                            _messages.Add(new ReceivedMail(from, [.. recipients], message));
                            _arrived.TrySetResult();
                            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                        }
                        from = null;
                        recipients.Clear();
                        await Reply("250 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await Reply("250 OK");
                        break;
                    case "NOOP":
                        await Reply("250 OK");
                        break;
                    case "QUIT":
                        await Reply("221 Bye");
                        return;
                    default:
                        await Reply("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>The address between angle brackets in "MAIL FROM:&lt;a@b&gt;" or "RCPT TO:&lt;a@b&gt;".</summary>
    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':') + 1)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_lock) sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _listener.Dispose();
        _stop.Dispose();
    }
}
