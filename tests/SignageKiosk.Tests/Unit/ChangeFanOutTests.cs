using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// The dispatcher's fan-out (docs/decisions/0038): kiosks whose previous push was the same share one stamped change and
/// one serialised frame; the frame is the bytes a kiosk parses, with its own Prev.
/// </summary>
public sealed class ChangeFanOutTests
{
    [Fact]
    public void Kiosks_with_the_same_Prev_share_one_stamped_change_and_its_frame_is_serialised_once()
    {
        var sessions = new KioskSessions();
        var dispatcher = NewDispatcher(sessions);
        // Compound A's kiosks last had 7 (a compound change); the lobby kiosks of building a1 last had 9 (a building change).
        var compound = Enumerable.Range(0, 20).Select(i => Add(sessions, $"c-{i}", ["compound-a", "c1"], lastSent: 7)).ToList();
        var lobby = Enumerable.Range(0, 10).Select(i => Add(sessions, $"l-{i}", ["a1", "compound-a", "c1"], lastSent: 9)).ToList();
        var elsewhere = Add(sessions, "b-0", ["compound-b", "c1"], lastSent: 8);

        dispatcher.Dispatch(Change(12, "n-12", "compound-a"));

        var compoundPushes = compound.Select(Single).ToList();
        var lobbyPushes = lobby.Select(Single).ToList();
        Assert.All(compoundPushes, p => Assert.Same(compoundPushes[0], p));
        Assert.All(lobbyPushes, p => Assert.Same(lobbyPushes[0], p));
        Assert.NotSame(compoundPushes[0].Frame, lobbyPushes[0].Frame);
        Assert.Equal((12, 7), (compoundPushes[0].Change.Seq, compoundPushes[0].Change.Prev));
        Assert.Equal((12, 9), (lobbyPushes[0].Change.Seq, lobbyPushes[0].Change.Prev));
        Assert.Equal(0, elsewhere.Outbox.Reader.Count);
        Assert.Equal(8, elsewhere.LastSent);
        Assert.All(compound.Concat(lobby), s => Assert.Equal(12, s.LastSent));

        // Writing every kiosk's push serialises once per distinct Prev, and the bytes are a Changes invocation carrying
        // that kiosk's own Prev, as the kiosk's JSON protocol reads it.
        var protocol = new CountingProtocol(Json());
        var frames = compoundPushes.Concat(lobbyPushes).Select(p => p.Frame.GetSerializedMessage(protocol)).ToList();
        Assert.Equal(2, protocol.Serialisations);
        var compoundBatch = Parse(frames[0]);
        var lobbyBatch = Parse(frames[^1]);
        Assert.Equal((12L, 7L, "n-12"), (compoundBatch.Changes.Single().Seq, compoundBatch.Changes.Single().Prev, compoundBatch.Changes.Single().Id));
        Assert.Equal((12L, 9L), (lobbyBatch.Changes.Single().Seq, lobbyBatch.Changes.Single().Prev));
        Assert.Equal("n-12", lobbyBatch.Changes.Single().Payload!.Value.GetProperty("id").GetString());
        // And they are the bytes a per-connection send of the same message writes (what kiosks were sent before).
        Assert.Equal(Json().GetMessageBytes(new InvocationMessage(SyncProtocol.Changes, [new ChangeBatch { Changes = new[] { compoundPushes[0].Change } }])).ToArray(), frames[0].ToArray());
    }

    [Fact]
    public void A_push_lost_to_the_delivery_filter_still_advances_Prev_and_the_next_push_is_shared_again()
    {
        var sessions = new KioskSessions();
        var dispatcher = NewDispatcher(sessions);
        var kiosks = Enumerable.Range(0, 5).Select(i => Add(sessions, $"c-{i}", ["compound-a"], lastSent: 3)).ToList();
        var unlucky = kiosks[2];
        dispatcher.DeliveryFilter = (session, change) => !(session == unlucky && change.Seq == 4);

        dispatcher.Dispatch(Change(4, "n-4", "compound-a"));
        dispatcher.DeliveryFilter = null;
        dispatcher.Dispatch(Change(5, "n-5", "compound-a"));

        var lost = Pushes(unlucky);
        var next = Assert.Single(lost);
        // The kiosk lacks 4 and sees Prev 4 on 5: it spots the hole and catches up.
        Assert.Equal((5, 4), (next.Change.Seq, next.Change.Prev));
        foreach (var kiosk in kiosks.Where(k => k != unlucky))
        {
            var pushes = Pushes(kiosk);
            Assert.Equal([(4L, 3L), (5L, 4L)], pushes.Select(p => (p.Change.Seq, p.Change.Prev)));
            Assert.Same(next, pushes[1]);
        }
    }

    [Fact]
    public void A_full_outbox_drops_the_push_and_the_kiosk_is_counted_as_not_keeping_up()
    {
        var sessions = new KioskSessions();
        var dispatcher = NewDispatcher(sessions);
        var slow = Add(sessions, "slow", ["compound-a"], lastSent: 0, capacity: 2);
        for (var seq = 1; seq <= 4; seq++)
        {
            dispatcher.Dispatch(Change(seq, $"n-{seq}", "compound-a"));
        }
        Assert.Equal(2, slow.Outbox.Reader.Count);
        Assert.Equal(2, slow.Dropped);
        Assert.Equal(4, slow.LastSent);
    }

    private static ChangeDispatcher NewDispatcher(KioskSessions sessions) =>
        new(sessions, new KioskHubLifetimeManager(NullLogger<DefaultHubLifetimeManager<KioskHub>>.Instance), TimeProvider.System, NullLogger<ChangeDispatcher>.Instance);

    private static KioskSession Add(KioskSessions sessions, string kioskId, string[] chain, long lastSent, int capacity = 16)
    {
        // No send loop runs here (sessions are added directly), so what the dispatcher pushes stays in the outbox to inspect.
        var session = new KioskSession("conn-" + kioskId, kioskId, null, chain, capacity, () => { }) { LastSent = lastSent };
        sessions.Add(session);
        return session;
    }

    private static StampedChange Single(KioskSession session) =>
        session.Outbox.Reader.TryPeek(out var stamped) ? stamped : throw new Xunit.Sdk.XunitException($"nothing pushed to {session.KioskId}");

    private static List<StampedChange> Pushes(KioskSession session)
    {
        var pushes = new List<StampedChange>();
        while (session.Outbox.Reader.TryRead(out var stamped))
        {
            pushes.Add(stamped);
        }
        return pushes;
    }

    private static ChangeRecord Change(long seq, string id, string placeId) =>
        new(seq, "notices", id, ChangeOp.Upsert, placeId, null, $$"""{"id":"{{id}}","title":"停水通知"}""");

    private static JsonHubProtocol Json()
    {
        var options = new JsonHubProtocolOptions();
        SyncJson.Configure(options.PayloadSerializerOptions);
        return new JsonHubProtocol(Options.Create(options));
    }

    private static ChangeBatch Parse(ReadOnlyMemory<byte> frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(Json().TryParseMessage(ref buffer, new ChangesBinder(), out var message));
        Assert.True(buffer.IsEmpty);
        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal(SyncProtocol.Changes, invocation.Target);
        return Assert.IsType<ChangeBatch>(Assert.Single(invocation.Arguments));
    }

    /// <summary>What a kiosk's hub connection knows: Changes takes one ChangeBatch.</summary>
    private sealed class ChangesBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            methodName == SyncProtocol.Changes ? [typeof(ChangeBatch)] : throw new InvalidOperationException(methodName);

        public Type GetReturnType(string invocationId) => throw new InvalidOperationException(invocationId);

        public Type GetStreamItemType(string streamId) => throw new InvalidOperationException(streamId);
    }

    /// <summary>The JSON protocol, counting how many messages it turns into bytes.</summary>
    private sealed class CountingProtocol(IHubProtocol inner) : IHubProtocol
    {
        public int Serialisations;

        public string Name => inner.Name;
        public int Version => inner.Version;
        public TransferFormat TransferFormat => inner.TransferFormat;

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
        {
            Interlocked.Increment(ref Serialisations);
            return inner.GetMessageBytes(message);
        }

        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    }
}
