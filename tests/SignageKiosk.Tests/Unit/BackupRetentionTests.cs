using SignageKiosk.Controller.Backup;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Backup;
using SignageKiosk.Shared.Board;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Unit;

public sealed class BackupRetentionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_newest_Keep_backups_stay_and_files_the_controller_did_not_write_are_never_deleted()
    {
        var names = Enumerable.Range(0, 5).Select(day => BackupRetention.FileName(Monday.AddDays(day))).Reverse()
            .Concat(["notes.txt", BackupRetention.FileName(Monday.AddDays(-9)) + ".partial", "signagekiosk-backup-latest.tar.gz"])
            .ToList();

        var deleted = BackupRetention.ToDelete(names, keep: 3);

        Assert.Equal([BackupRetention.FileName(Monday), BackupRetention.FileName(Monday.AddDays(1))], deleted);
        Assert.Empty(BackupRetention.ToDelete(names, keep: 5));
        Assert.Equal(BackupRetention.FileName(Monday.AddDays(4)), BackupRetention.Newest(names));
    }

    [Fact]
    public void Pruning_a_folder_deletes_the_oldest_beyond_Keep_and_nothing_else()
    {
        var folder = Repo.TempDirectory("backup-prune");
        for (var hour = 0; hour < 4; hour++)
        {
            File.WriteAllText(Path.Combine(folder, BackupRetention.FileName(Monday.AddHours(hour))), "x");
        }
        File.WriteAllText(Path.Combine(folder, "operator-copy.tar.gz"), "x");

        var deleted = ScheduledBackups.Prune(folder, keep: 2);

        Assert.Equal(2, deleted.Count);
        Assert.Equal(
            new[] { "operator-copy.tar.gz", BackupRetention.FileName(Monday.AddHours(2)), BackupRetention.FileName(Monday.AddHours(3)) }.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_daily_time_is_the_next_one_on_the_station_clock_and_an_interval_follows_the_last_run()
    {
        var shanghai = new StationClock("Asia/Shanghai");
        var daily = BackupSchedule.Parse("daily 03:30", out _)!;
        // 01:00 UTC is 09:00 in Shanghai: the next 03:30 there is tomorrow, 19:30 UTC today.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 19, 30, 0, TimeSpan.Zero), daily.Next(Monday, shanghai));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 19, 30, 0, TimeSpan.Zero), daily.Next(new DateTimeOffset(2026, 12, 7, 19, 30, 0, TimeSpan.Zero), shanghai));

        var every = BackupSchedule.Parse("every 06:00:00", out _)!;
        Assert.Equal(Monday.AddHours(6), every.Next(Monday, shanghai));
    }

    [Theory]
    [InlineData("daily 25:00", "not 'daily HH:mm'")]
    [InlineData("hourly", "not 'daily HH:mm'")]
    [InlineData("every 00:00:10", "at least 00:01:00")]
    public void A_bad_schedule_is_named_at_start(string schedule, string expected)
    {
        var problems = BackupOptionsValidation.Problems(new BackupOptions { Schedule = schedule, Directory = "/var/backups/sk" }, new StorageOptions()).ToList();
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_need_a_folder_outside_the_data_directory_and_a_Keep_of_at_least_one()
    {
        var storage = new StorageOptions { DataDirectory = "/srv/signagekiosk" };
        Assert.Empty(BackupOptionsValidation.Problems(new BackupOptions { Schedule = "daily 03:30", Directory = "/var/backups/sk" }, storage));
        Assert.Contains(BackupOptionsValidation.Problems(new BackupOptions { Schedule = "daily 03:30" }, storage), p => p.Contains("Backup:Directory is required", StringComparison.Ordinal));
        Assert.Contains(BackupOptionsValidation.Problems(new BackupOptions { Directory = "/srv/signagekiosk/backups" }, storage), p => p.Contains("inside Storage:DataDirectory", StringComparison.Ordinal));
        Assert.Contains(BackupOptionsValidation.Problems(new BackupOptions { Keep = 0 }, storage), p => p.Contains("Backup:Keep", StringComparison.Ordinal));
        Assert.Contains(BackupOptionsValidation.Problems(new BackupOptions { TimeZone = "Mars/Olympus" }, storage), p => p.Contains("Backup:TimeZone", StringComparison.Ordinal));
    }
}
