using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Backup;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Backup;

/// <summary>Checked at start, so a bad setting stops the controller with a message instead of a backup that never runs.</summary>
public sealed class BackupOptionsValidation(IOptions<StorageOptions> storage) : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        var problems = Problems(options, storage.Value).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IEnumerable<string> Problems(BackupOptions options, StorageOptions storage)
    {
        if (options.Keep < 1)
        {
            yield return $"Backup:Keep must be at least 1 (it is {options.Keep})";
        }
        if (!string.IsNullOrWhiteSpace(options.TimeZone) && !StationClock.IsKnownZone(options.TimeZone))
        {
            yield return $"Backup:TimeZone '{options.TimeZone}' is not a known time zone; use an IANA name such as Asia/Shanghai";
        }
        if (!string.IsNullOrWhiteSpace(options.Schedule))
        {
            if (BackupSchedule.Parse(options.Schedule, out var problem) is null)
            {
                yield return problem!;
            }
            if (string.IsNullOrWhiteSpace(options.Directory))
            {
                yield return "Backup:Directory is required when Backup:Schedule is set";
            }
        }
        if (!string.IsNullOrWhiteSpace(options.Directory) && BackupPaths.IsInside(options.Directory, storage.DataDirectory))
        {
            yield return $"Backup:Directory '{options.Directory}' is inside Storage:DataDirectory; a restore replaces that folder, so keep backups elsewhere (better on another disk)";
        }
    }
}
