using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

/// <summary>The one conversion every path to a kiosk goes through leaves a private number masked.</summary>
public sealed class KioskPayloadTests
{
    private static readonly ItemTarget Target = ItemTarget.Place("compound-a");

    [Fact]
    public void A_private_number_leaves_for_kiosks_masked_and_a_public_one_whole()
    {
        var hidden = ContentJson.Serialize(new Person { Id = "p1", Name = "王芳", Phone = "13812345678", Target = Target });
        var shown = ContentJson.Serialize(new Person { Id = "p2", Name = "李明", Phone = "13987654321", PhonePublic = true, Target = Target });

        var change = ChangeLog.ToSyncChange(7, 3, ContentKind.Person, "p1", ChangeOp.Upsert, hidden);
        var sent = change.Payload!.Value.GetRawText();
        Assert.DoesNotContain("13812345678", sent);
        Assert.Equal("*******5678", ContentJson.Deserialize<Person>(sent).Phone);
        Assert.Equal(shown, PrivatePhonePayload.Mask(ContentKind.Person, shown));
        Assert.Null(PrivatePhonePayload.Mask(ContentKind.Person, null));
        // Other kinds pass untouched (a duty phone and a hotline are public by nature).
        var notice = """{"id":"n1","title":"13812345678"}""";
        Assert.Same(notice, PrivatePhonePayload.Mask(ContentKind.Notice, notice));
    }

    [Fact]
    public void A_person_from_a_newer_version_is_masked_too_and_a_masked_one_passes_unchanged()
    {
        var newer = """{"id":"p3","name":"张三","phone":"13812345678","phonePublic":false,"pronouns":"他","target":{"placeId":"compound-a"}}""";
        var masked = PrivatePhonePayload.Mask(ContentKind.Person, newer)!;
        Assert.Contains("\"*******5678\"", masked);
        Assert.Contains("pronouns", masked);
        Assert.Contains("张三", masked);
        Assert.Same(masked, PrivatePhonePayload.Mask(ContentKind.Person, masked));
        var noFlag = """{"id":"p4","name":"李四","phone":"8123456","target":{"placeId":"compound-a"}}""";
        Assert.Contains("\"***3456\"", PrivatePhonePayload.Mask(ContentKind.Person, noFlag));
    }
}
