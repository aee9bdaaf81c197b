using System.Text.Json;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

/// <summary>What a resident's report must look like, on the kiosk and on the controller alike, and its reference.</summary>
public sealed class ResidentReportRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    private static ResidentReport Good(Func<ResidentReport, ResidentReport>? change = null)
    {
        var report = new ResidentReport
        {
            IdempotencyKey = "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            Category = ReportCategory.Repairs,
            BuildingId = "a1",
            UnitId = "a1-u1",
            Phrases = ["repairs.lift", "repairs.light"],
            Phone = "138 0013-8000",
            CreatedAt = Now.AddMinutes(-5),
        };
        return ReportRules.Normalised(change is null ? report : change(report));
    }

    [Fact]
    public void A_report_chosen_by_touch_with_a_phone_is_fine_and_its_phone_is_digits_only()
    {
        var report = Good();
        Assert.Null(ReportRules.Problem(report, Now));
        Assert.Equal("13800138000", report.Phone);
        Assert.Null(ReportRules.Problem(Good(r => r with { UnitId = null, Phrases = [], Phone = null }), Now));
        Assert.Equal("8613800138000", Good(r => r with { Phone = "+86 (138) 0013 8000" }).Phone);
        Assert.Null(Good(r => r with { Phone = "   " }).Phone);
    }

    [Theory]
    [InlineData("123456", false)]          // 6 digits: too short
    [InlineData("1234567", true)]          // a 7-digit landline
    [InlineData("123456789012345", true)]  // 15: the most E.164 allows
    [InlineData("1234567890123456", false)]
    [InlineData("138-0013-800O", false)]   // a letter O, not a zero
    [InlineData("１３８００１３８０００", false)]   // full-width digits are not ASCII digits
    [InlineData("138\u00a00013 8000", false)]    // a no-break space is not one of the separators dropped
    public void A_phone_is_7_to_15_digits_after_dropping_spaces_dashes_dots_and_brackets(string phone, bool fine) =>
        Assert.Equal(fine, ReportRules.Problem(Good(r => r with { Phone = phone }), Now) is null);

    [Fact]
    public void Phrases_come_only_from_the_categorys_preset_list_and_there_is_no_free_text()
    {
        Assert.NotNull(ReportRules.Problem(Good(r => r with { Phrases = ["noise.night"] }), Now));     // another category's phrase
        Assert.NotNull(ReportRules.Problem(Good(r => r with { Phrases = ["楼上天天吵"] }), Now));       // typed text
        Assert.NotNull(ReportRules.Problem(Good(r => r with { Phrases = [null!] }), Now));
        var six = ReportPhrases.For(ReportCategory.Repairs).Select(p => p.Id).Concat(["repairs.lift"]).ToList();
        Assert.Null(ReportRules.Problem(Good(r => r with { Phrases = six }), Now));   // the repeat is dropped: five left
        Assert.Equal(5, Good(r => r with { Phrases = six }).Phrases.Count);
        Assert.NotNull(ReportRules.Problem(Good(r => r with { Category = ReportCategory.Other, Phrases = ["other.callback", "x", "y", "z", "w", "v"] }), Now));
        Assert.All(ReportCategories.All, c => Assert.NotEmpty(ReportPhrases.For(c)));
        // Phrase ids are unique across categories, so a stored id alone says what it meant.
        var ids = ReportCategories.All.SelectMany(c => ReportPhrases.For(c)).Select(p => p.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Unknown_categories_bad_keys_and_unbounded_ids_are_refused_in_chinese()
    {
        var refusals = new[]
        {
            ReportRules.Problem(Good(r => r with { Category = (ReportCategory)99 }), Now),
            ReportRules.Problem(Good(r => r with { Category = 0 }), Now),
            ReportRules.Problem(Good(r => r with { IdempotencyKey = "" }), Now),
            ReportRules.Problem(Good(r => r with { IdempotencyKey = "not-a-guid" }), Now),
            ReportRules.Problem(Good(r => r with { IdempotencyKey = new string('a', 65) }), Now),
            ReportRules.Problem(Good(r => r with { BuildingId = "" }), Now),
            ReportRules.Problem(Good(r => r with { BuildingId = new string('b', 65) }), Now),
            ReportRules.Problem(Good(r => r with { BuildingId = "a1; DROP TABLE reports" }), Now),
            ReportRules.Problem(Good(r => r with { UnitId = new string('u', 65) }), Now),
            ReportRules.Problem(Good(r => r with { CreatedAt = default }), Now),
            ReportRules.Problem(Good(r => r with { CreatedAt = Now.AddHours(1) }), Now),
            ReportRules.Problem(null, Now),
        };
        Assert.All(refusals, problem => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem!));
        Assert.Null(ReportRules.Problem(Good(r => r with { BuildingId = new string('b', 64) }), Now));
    }

    [Fact]
    public void Categories_travel_by_name_and_only_defined_names_parse()
    {
        Assert.True(ReportCategories.TryParse("safetyHazard", out var hazard));
        Assert.Equal(ReportCategory.SafetyHazard, hazard);
        Assert.False(ReportCategories.TryParse("3", out _));
        Assert.False(ReportCategories.TryParse("SafetyHazard", out _));
        Assert.False(ReportCategories.TryParse(null, out _));
        Assert.Equal(["报修", "环境卫生", "安全隐患", "噪音扰民", "邻里纠纷", "意见建议", "其他"], ReportCategories.All.Select(ReportCategories.Label));
        var options = new JsonSerializerOptions();
        SyncJson.Configure(options);
        Assert.Contains("\"category\":\"neighbours\"", JsonSerializer.Serialize(Good(r => r with { Category = ReportCategory.Neighbours, Phrases = [] }), options));
    }

    [Fact]
    public void A_reference_is_R_the_china_day_and_the_days_count()
    {
        // 2026-12-04 20:00 UTC is already 12-05 in Shanghai.
        var lateEvening = new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal("R20261205-0042", ReportReference.Format(lateEvening, 42));
        Assert.Equal("R20261205-12345", ReportReference.Format(lateEvening, 12345));
        Assert.True(ReportReference.IsWellFormed("R20261205-0042"));
        Assert.False(ReportReference.IsWellFormed("R2026120-50042"));
        Assert.False(ReportReference.IsWellFormed("X20261205-0042"));
        Assert.False(ReportReference.IsWellFormed("R20261205-00a2"));
    }
}

public sealed class ControllerRefusalTests
{
    [Theory]
    [InlineData("An unexpected error occurred invoking 'SubmitReport' on the server.", null)]
    [InlineData("An unexpected error occurred invoking 'SubmitReport' on the server. SqliteException: database is locked", null)]
    [InlineData("Failed to invoke 'SubmitReport' due to an error on the server.", null)]
    [InlineData("Unknown hub method 'SubmitReport'", null)]
    [InlineData("An unexpected error occurred invoking 'SubmitReport' on the server. HubException: say Hello first", null)]
    [InlineData("An unexpected error occurred invoking 'SubmitReport' on the server. HubException: 这个楼栋不在本屏所在的小区，不能在这里反映", "这个楼栋不在本屏所在的小区，不能在这里反映")]
    public void Only_the_controllers_own_reason_is_final(string message, string? reason) =>
        Assert.Equal(reason, SignageKiosk.Shared.Sync.ControllerRefusal.Reason(message));
}
