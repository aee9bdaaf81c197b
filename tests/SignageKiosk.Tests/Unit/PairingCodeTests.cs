using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Tests.Unit;

public sealed class PairingCodeTests
{
    [Fact]
    public void Codes_are_six_characters_without_look_alikes()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => PairingCode.New()).ToList();
        Assert.All(codes, c => Assert.Equal(6, c.Length));
        Assert.All(codes, c => Assert.DoesNotMatch("[01OIL]", c));
        Assert.All(codes, c => Assert.Equal(c, PairingCode.Normalize(c)));
        Assert.True(codes.Distinct().Count() > 1990, "codes should not repeat");
        Assert.Equal(PairingCode.Alphabet.Length, PairingCode.Alphabet.Distinct().Count());
    }

    [Theory]
    [InlineData("k7m 2qx", "K7M2QX")]
    [InlineData(" K7M-2QX ", "K7M2QX")]
    [InlineData("K7M2Q", null)]      // too short
    [InlineData("K7M2QXY", null)]    // too long
    [InlineData("K0M2QX", null)]     // 0 is not in the alphabet
    [InlineData("KIM2QX", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Typed_codes_are_normalized_or_refused(string? typed, string? expected) =>
        Assert.Equal(expected, PairingCode.Normalize(typed));

    [Fact]
    public void A_code_is_masked_for_logs_and_grouped_for_the_screen()
    {
        Assert.Equal("K7****", PairingCode.Mask("K7M2QX"));
        Assert.Equal("K7M 2QX", PairingCode.Display("K7M2QX"));
    }

    [Fact]
    public void The_pairing_screen_shows_the_code_large_with_the_chinese_instruction()
    {
        var html = PairingScreen.RenderBody(new PairingScreenModel
        {
            Status = PairingScreenStatus.ShowingCode,
            Code = "K7M2QX",
            ExpiresAt = new DateTimeOffset(2026, 11, 21, 6, 35, 0, TimeSpan.Zero),
            Detail = "<script>x</script>",
        });
        Assert.Contains("请在管理后台输入配对码", html);
        Assert.Contains("data-pairing-code=\"K7M2QX\"", html);
        Assert.Contains(">K7M 2QX<", html);
        Assert.Contains("14:35", html);   // Asia/Shanghai, the boards' default zone
        Assert.DoesNotContain("<script>", html);

        var waiting = PairingScreen.RenderBody(new PairingScreenModel { Status = PairingScreenStatus.Unreachable });
        Assert.DoesNotContain("data-pairing-code", waiting);
    }

    [Fact]
    public void Png_signature_is_checked()
    {
        Assert.True(PngFile.HasSignature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]));
        Assert.False(PngFile.HasSignature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));
        Assert.False(PngFile.HasSignature("GIF89a..."u8));
        Assert.False(PngFile.HasSignature([]));
    }
}
