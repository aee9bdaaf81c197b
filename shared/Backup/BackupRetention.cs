using System.Globalization;

namespace SignageKiosk.Shared.Backup;

/// <summary>
/// Names of backups and which to delete. Only names this controller writes count: other files in the folder (an
/// operator's own copy, a half-written ".partial") are never deleted and never take a place among the kept.
/// </summary>
public static class BackupRetention
{
    public const string Prefix = "signagekiosk-backup-";
    public const string Extension = ".tar.gz";
    private const string StampFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FileName(DateTimeOffset takenAt) =>
        Prefix + takenAt.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture) + Extension;

    /// <summary>When the named backup was taken, or null for a name this controller does not write.</summary>
    public static DateTimeOffset? TakenAt(string fileName)
    {
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }
        var stamp = fileName[Prefix.Length..^Extension.Length];
        return DateTime.TryParseExact(stamp, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
    }

    /// <summary>The backups to delete so that the newest <paramref name="keep"/> remain, oldest first.</summary>
    public static IReadOnlyList<string> ToDelete(IEnumerable<string> fileNames, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var backups = fileNames
            .Select(name => (Name: name, At: TakenAt(name)))
            .Where(b => b.At is not null)
            .OrderByDescending(b => b.At)
            .ThenByDescending(b => b.Name, StringComparer.Ordinal)
            .ToList();
        return backups.Skip(keep).Select(b => b.Name).Reverse().ToList();
    }

    /// <summary>The newest backup among the names, or null.</summary>
    public static string? Newest(IEnumerable<string> fileNames) =>
        fileNames.Where(name => TakenAt(name) is not null).OrderByDescending(TakenAt).FirstOrDefault();
}
