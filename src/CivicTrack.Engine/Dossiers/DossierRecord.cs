namespace CivicTrack.Engine.Dossiers;

/// <summary>The canonical columns of a one-stop-shop dossier file, in their canonical order.</summary>
public static class DossierColumns
{
    /// <summary>The <c>dossier_code</c> column.</summary>
    public const string Code = "dossier_code";
    /// <summary>The <c>procedure_code</c> column.</summary>
    public const string ProcedureCode = "procedure_code";
    /// <summary>The <c>procedure_name</c> column.</summary>
    public const string ProcedureName = "procedure_name";
    /// <summary>The <c>sector</c> column.</summary>
    public const string Sector = "sector";
    /// <summary>The <c>service_level</c> column.</summary>
    public const string ServiceLevel = "service_level";
    /// <summary>The <c>channel</c> column.</summary>
    public const string Channel = "channel";
    /// <summary>The <c>receiving_unit_code</c> column.</summary>
    public const string ReceivingUnit = "receiving_unit_code";
    /// <summary>The <c>handling_unit_code</c> column.</summary>
    public const string HandlingUnit = "handling_unit_code";
    /// <summary>The <c>received_at</c> column.</summary>
    public const string ReceivedAt = "received_at";
    /// <summary>The <c>due_at</c> column.</summary>
    public const string DueAt = "due_at";
    /// <summary>The <c>finished_at</c> column.</summary>
    public const string FinishedAt = "finished_at";
    /// <summary>The <c>returned_at</c> column.</summary>
    public const string ReturnedAt = "returned_at";
    /// <summary>The <c>status</c> column.</summary>
    public const string Status = "status";
    /// <summary>The <c>digitized</c> column.</summary>
    public const string Digitized = "digitized";
    /// <summary>The <c>paid_online</c> column.</summary>
    public const string PaidOnline = "paid_online";
    /// <summary>The <c>vneid_verified</c> column.</summary>
    public const string VneidVerified = "vneid_verified";

    /// <summary>Every column, in the canonical order.</summary>
    public static readonly string[] All =
        [Code, ProcedureCode, ProcedureName, Sector, ServiceLevel, Channel, ReceivingUnit, HandlingUnit, ReceivedAt, DueAt, FinishedAt, ReturnedAt,
         Status, Digitized, PaidOnline, VneidVerified];

    /// <summary>The canonical header line.</summary>
    public static string Header => string.Join(',', All);
}

/// <summary>One-stop-shop dossier statuses (the national system's codes).</summary>
public static class DossierStatus
{
    /// <summary>1: new.</summary>
    public const byte New = 1;
    /// <summary>2: received.</summary>
    public const byte Received = 2;
    /// <summary>3: not received (ignored by every count).</summary>
    public const byte NotReceived = 3;
    /// <summary>4: being processed.</summary>
    public const byte Processing = 4;
    /// <summary>5: a supplement was requested.</summary>
    public const byte SupplementRequested = 5;
    /// <summary>6: awaiting a financial obligation.</summary>
    public const byte AwaitingFinancialObligation = 6;
    /// <summary>7: withdrawn.</summary>
    public const byte Withdrawn = 7;
    /// <summary>8: stopped.</summary>
    public const byte Stopped = 8;
    /// <summary>9: processed.</summary>
    public const byte Processed = 9;
    /// <summary>10: result returned.</summary>
    public const byte ResultReturned = 10;
}

/// <summary>How a dossier was submitted: 1 in person, 2 online, 3 by post.</summary>
public static class DossierChannel
{
    /// <summary>1: in person.</summary>
    public const byte InPerson = 1;
    /// <summary>2: online.</summary>
    public const byte Online = 2;
    /// <summary>3: by post.</summary>
    public const byte Postal = 3;
}

/// <summary>A checked dossier record. Dates are business dates (Vietnam calendar dates); times within the day are not kept.</summary>
public sealed record DossierRecord
{
    /// <summary>The dossier code, unique nationwide: the key a later record replaces an earlier one by.</summary>
    public required string Code { get; init; }
    /// <summary>The administrative procedure's code.</summary>
    public required string ProcedureCode { get; init; }
    /// <summary>The procedure's name.</summary>
    public string ProcedureName { get; init; } = "";
    /// <summary>The sector (field) of the procedure.</summary>
    public string Sector { get; init; } = "";
    /// <summary>2, 3 or 4; null when the file leaves it empty.</summary>
    public byte? ServiceLevel { get; init; }
    /// <summary>How it was submitted (<see cref="DossierChannel"/>).</summary>
    public byte Channel { get; init; }
    /// <summary>The code of the unit that received it.</summary>
    public required string ReceivingUnit { get; init; }
    /// <summary>The code of the unit that handles it: the unit its figures count for.</summary>
    public required string HandlingUnit { get; init; }
    /// <summary>The received date; null only for status 3.</summary>
    public DateOnly? Received { get; init; }
    /// <summary>The due date; null when the procedure has none (then it is on time).</summary>
    public DateOnly? Due { get; init; }
    /// <summary>The date handling finished (for a withdrawn dossier: the date it was withdrawn, when known).</summary>
    public DateOnly? Finished { get; init; }
    /// <summary>The date the result was returned.</summary>
    public DateOnly? Returned { get; init; }
    /// <summary>The status code (<see cref="DossierStatus"/>).</summary>
    public byte Status { get; init; }
    /// <summary>The result was digitized.</summary>
    public bool Digitized { get; init; }
    /// <summary>Fees were paid online.</summary>
    public bool PaidOnline { get; init; }
    /// <summary>The applicant was verified with VNeID.</summary>
    public bool VneidVerified { get; init; }

    /// <summary>What the metrics need of this record, for the handling unit with key <paramref name="unit"/>.</summary>
    public DossierFacts Facts(int unit) => new(unit,
        Received?.DayNumber ?? DossierFacts.None, Due?.DayNumber ?? DossierFacts.None, Finished?.DayNumber ?? DossierFacts.None,
        Returned?.DayNumber ?? DossierFacts.None, Status,
        (Channel == DossierChannel.Online ? DossierFlags.Online : 0)
        // Unit codes are matched ignoring case, as the reader matches them to units.
        | (!string.Equals(ReceivingUnit, HandlingUnit, StringComparison.OrdinalIgnoreCase) ? DossierFlags.CrossBoundary : 0)
        | (VneidVerified ? DossierFlags.VneidVerified : 0) | (Digitized ? DossierFlags.Digitized : 0) | (PaidOnline ? DossierFlags.PaidOnline : 0));
}

/// <summary>The yes/no facts of a dossier that the metrics count.</summary>
[Flags]
public enum DossierFlags : byte
{
    /// <summary>Submitted online (channel 2).</summary>
    Online = 1,
    /// <summary>Received at a unit other than the handling unit.</summary>
    CrossBoundary = 2,
    /// <summary>Verified with VNeID.</summary>
    VneidVerified = 4,
    /// <summary>Result digitized.</summary>
    Digitized = 8,
    /// <summary>Fees paid online.</summary>
    PaidOnline = 16,
}

/// <summary>A dossier reduced to what the metrics count: the key of its handling unit (or of any grouping), its business
/// dates as <see cref="DateOnly.DayNumber"/> (<see cref="None"/> when empty), its status and flags.</summary>
public readonly record struct DossierFacts(int Unit, int Received, int Due, int Finished, int Returned, byte Status, DossierFlags Flags)
{
    /// <summary>An empty date.</summary>
    public const int None = int.MinValue;

    /// <summary>The same facts counted for another key (a sector or procedure instead of the unit).</summary>
    public DossierFacts WithKey(int key) => this with { Unit = key };
}
