using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

public sealed class ControllerChoiceTests
{
    [Fact]
    public void A_single_url_is_a_list_of_one_and_a_list_keeps_its_order()
    {
        var (single, error) = ControllerChoice.Parse(" http://10.0.0.5:5080 ", null);
        Assert.Null(error);
        Assert.Equal([new Uri("http://10.0.0.5:5080/")], single);

        var (list, listError) = ControllerChoice.Parse(null, ["http://a:5080", "https://b/signage", "http://c:5080/"]);
        Assert.Null(listError);
        Assert.Equal(["http://a:5080/", "https://b/signage/", "http://c:5080/"], list.Select(u => u.AbsoluteUri));
        // A path base stays under the base: the hub and the API are found below it.
        Assert.Equal("https://b/signage/hubs/kiosk", new Uri(list[1], SyncProtocol.HubPath.TrimStart('/')).AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Nothing_configured_means_no_controller(string? single)
    {
        var (urls, error) = ControllerChoice.Parse(single, []);
        Assert.Null(error);
        Assert.Empty(urls);
    }

    [Theory]
    [InlineData("ftp://10.0.0.5/", "Kiosk:ControllerUrls:1 'ftp://10.0.0.5/' is not an http or https URL")]
    [InlineData("10.0.0.5:5080", "Kiosk:ControllerUrls:1 '10.0.0.5:5080' is not an http or https URL")]
    [InlineData("http://10.0.0.5:5080/?x=1", "is not an http or https URL")]
    [InlineData("http://user:pw@10.0.0.5/", "is not an http or https URL")]
    [InlineData(" ", "Kiosk:ControllerUrls:1 is empty")]
    [InlineData("http://a:5080", "Kiosk:ControllerUrls:1 'http://a:5080' is listed twice")]
    public void A_bad_entry_is_refused_naming_it(string entry, string message)
    {
        var (urls, error) = ControllerChoice.Parse(null, ["http://a:5080/", entry]);
        Assert.Empty(urls);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Both_settings_at_once_are_refused()
    {
        var (urls, error) = ControllerChoice.Parse("http://a:5080", ["http://b:5080"]);
        Assert.Empty(urls);
        Assert.Contains("both set", error);
    }

    [Fact]
    public void The_same_installation_starts_on_the_same_url_and_a_fleet_spreads_over_all_of_them()
    {
        Assert.Equal(ControllerChoice.First(3, "3f9a0c", 0.99), ControllerChoice.First(3, "3f9a0c", 0.01));
        var counts = new int[3];
        for (var i = 0; i < 3000; i++)
        {
            counts[ControllerChoice.First(3, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..32], 0)]++;
        }
        // 1,000 each on average; a skew towards URL 0 (the failure this guards against) would put 3,000 there.
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void Without_an_installation_id_the_start_is_random()
    {
        Assert.Equal(0, ControllerChoice.First(3, null, 0));
        Assert.Equal(1, ControllerChoice.First(3, "", 0.5));
        Assert.Equal(2, ControllerChoice.First(3, null, 0.999));
        Assert.Equal(2, ControllerChoice.First(3, null, 1));
        Assert.Equal(0, ControllerChoice.First(1, "anything", 0.7));
    }

    [Fact]
    public void After_a_failure_the_next_url_round_the_list()
    {
        Assert.Equal(1, ControllerChoice.After(0, 3));
        Assert.Equal(2, ControllerChoice.After(1, 3));
        Assert.Equal(0, ControllerChoice.After(2, 3));
        Assert.Equal(0, ControllerChoice.After(0, 1));
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(502, false, true)]
    [InlineData(503, false, true)]
    [InlineData(504, false, true)]
    [InlineData(503, true, false)]
    [InlineData(500, false, false)]
    [InlineData(401, false, false)]
    [InlineData(403, false, false)]
    [InlineData(404, false, false)]
    [InlineData(429, true, false)]
    [InlineData(200, false, false)]
    public void Only_no_answer_or_a_node_that_cannot_serve_moves_the_kiosk_on(int? status, bool retryHint, bool moveOn) =>
        Assert.Equal(moveOn, ControllerChoice.MoveOn(status, retryHint));
}
