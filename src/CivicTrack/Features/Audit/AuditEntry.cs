namespace CivicTrack.Features.Audit;

/// <summary>One line of the append-only audit log: who did what to which entity, when, with the before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? ActorId { get; set; }
    /// <summary>The actor's e-mail at the time, kept so the log reads the same after an account changes.</summary>
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public int? UnitId { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string Create = "Create";
    public const string Update = "Update";
    public const string Delete = "Delete";
    public const string Import = "Import";
    public const string Merge = "Merge";
    public const string Approve = "Approve";
    public const string Submit = "Submit";
    public const string Return = "Return";
    public const string Urge = "Urge";
    public const string ReopenRequest = "ReopenRequest";
    public const string Reopen = "Reopen";
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignOut = "SignOut";
    public const string LockedOut = "LockedOut";
    public const string RoleChange = "RoleChange";
    public const string PasswordChange = "PasswordChange";
    public const string PasswordReset = "PasswordReset";
    public const string TokenCreate = "TokenCreate";
    public const string TokenRevoke = "TokenRevoke";
    public const string AccessDenied = "AccessDenied";
    public const string TwoFactorChange = "TwoFactorChange";
}
