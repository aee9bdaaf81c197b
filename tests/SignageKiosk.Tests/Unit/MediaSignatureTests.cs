using SignageKiosk.Shared.Media;

namespace SignageKiosk.Tests.Unit;

public sealed class MediaSignatureTests
{
    [Theory]
    [InlineData("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, true)]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, true)]
    [InlineData("image/gif", new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, true)]
    [InlineData("application/pdf", new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, true)]
    [InlineData("image/png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, false)]
    [InlineData("image/jpeg", new byte[] { (byte)'M', (byte)'Z', 0x90, 0 }, false)]
    [InlineData("image/svg+xml", new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g' }, false)]
    public void A_file_must_be_what_its_type_says(string type, byte[] head, bool accepted) =>
        Assert.Equal(accepted, MediaSignature.Matches(type, head));
}
