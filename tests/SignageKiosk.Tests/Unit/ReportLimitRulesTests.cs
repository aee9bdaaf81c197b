using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Tests.Unit;

/// <summary>The pure half of Reports:Limits and the reference a resident types (docs/decisions/0030).</summary>
public sealed class ReportLimitRulesTests
{
    private static readonly ReportLimits Limits = new() { PerKioskPerHour = 30, PerPhonePerDay = 3, PerAddressPerDay = 5, PerClientAddressPerHour = 10 };

    [Fact]
    public void Below_every_limit_is_allowed_and_reaching_one_is_refused_naming_it()
    {
        Assert.Null(ReportLimitRules.Refusal(Limits, new ReportCounts(29, 2, 4, null)));
        Assert.Null(ReportLimitRules.Refusal(Limits, new ReportCounts(null, null, 4, 9)));
        Assert.Contains("这块屏一小时内最多受理 30 条", ReportLimitRules.Refusal(Limits, new ReportCounts(30, 0, 0, null)));
        Assert.Contains("同一联系电话一天内最多反映 3 次", ReportLimitRules.Refusal(Limits, new ReportCounts(0, 3, 0, null)));
        Assert.Contains("同一楼栋单元一天内最多受理 5 条", ReportLimitRules.Refusal(Limits, new ReportCounts(0, null, 5, null)));
        Assert.Contains("同一网络一小时内最多提交 10 条", ReportLimitRules.Refusal(Limits, new ReportCounts(null, null, 0, 10)));
        // Not applicable (no phone given, not from the phone page) never refuses.
        Assert.Null(ReportLimitRules.Refusal(new ReportLimits { PerPhonePerDay = 1, PerClientAddressPerHour = 1 }, new ReportCounts(0, null, 0, null)));
        Assert.False(new ReportLimits { PerAddressPerDay = 0 }.IsValid);
        Assert.True(new ReportLimits().IsValid);
    }

    [Theory]
    [InlineData("R20261205-0042", "R20261205-0042")]
    [InlineData("  r20261205-0042 ", "R20261205-0042")]
    [InlineData("Ｒ２０２６１２０５－００４２", "R20261205-0042")]
    [InlineData("R20261205-12345", "R20261205-12345")]
    [InlineData("R20261205 0042", null)]
    [InlineData("R2026120-50042", null)]
    [InlineData("' OR 1=1 --", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_typed_reference_is_read_in_its_one_form_or_refused(string? typed, string? expected) =>
        Assert.Equal(expected, ReportReference.Parse(typed));
}
