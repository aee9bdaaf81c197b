using System.Text;
using System.Text.Json;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// What the store benchmark feeds both stores: the same records, made once from a fixed seed. The text comes from the
/// demo community (content/demo/community.json): its notices' and activities' sentences recombined, so payloads are
/// real Chinese prose in the controller's JSON shape (ContentJson), not filler.
/// </summary>
public sealed class StoreWorkload
{
    public const string KioskId = "kiosk-lobby";
    public const string Fingerprint = "bench-store-chain";
    private const string CompoundId = "compound-dangui";

    private readonly Random _random;
    private readonly string[] _sentences;
    private readonly string[] _titles;
    private readonly string[] _placeIds;
    private readonly ContentPackage _demo;

    private StoreWorkload(int seed)
    {
        _random = new Random(seed);
        _demo = ContentJson.Deserialize<ContentPackage>(File.ReadAllText(Repo.DemoContent));
        _sentences = _demo.Notices.Select(n => n.Body).Concat(_demo.Activities.Select(a => a.Description ?? ""))
            .SelectMany(text => text.Split('。', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length >= 6)
            .Select(s => s + "。")
            .ToArray();
        _titles = _demo.Notices.Select(n => n.Title).Concat(_demo.Activities.Select(a => a.Title)).ToArray();
        _placeIds = [CompoundId, .. _demo.Places.Where(p => p.ParentId == CompoundId).Select(p => p.Id)];
    }

    public static StoreWorkload Create(int seed = 20261205) => new(seed);

    /// <summary>A catch-up as the controller sends it: notices only, sequences 1..count, each batch at most MaxBatch.</summary>
    public sealed record CatchUp(IReadOnlyList<IReadOnlyList<SyncChange>> Batches, int New, int Edits, int Deletes, int ItemsAfter, int MinBytes, int MaxBytes, double MeanBytes)
    {
        public int Changes => New + Edits + Deletes;
    }

    /// <summary>
    /// <paramref name="count"/> changes to notices: mostly new ones, about 15 % edits of notices sent earlier in the same
    /// catch-up (some within one batch), about 2 % deletes of them. Payloads 300-600 bytes of UTF-8 JSON.
    /// </summary>
    public CatchUp MakeCatchUp(int count)
    {
        var changes = new List<SyncChange>(count);
        var live = new List<string>();
        int created = 0, edits = 0, deletes = 0;
        var sizes = new List<int>();
        for (var seq = 1L; seq <= count; seq++)
        {
            var roll = _random.NextDouble();
            if (live.Count > 50 && roll < 0.02)
            {
                var at = _random.Next(live.Count);
                var id = live[at];
                live[at] = live[^1];
                live.RemoveAt(live.Count - 1);
                changes.Add(new SyncChange { Seq = seq, Prev = seq - 1, Kind = ContentKind.Notice, Id = id, Op = ChangeOp.Delete });
                deletes++;
                continue;
            }
            string noticeId;
            var edit = live.Count > 0 && roll < 0.17;
            if (edit)
            {
                // Half the edits hit one of the last few hundred notices (often in the same batch), half any earlier one.
                noticeId = _random.Next(2) == 0 ? live[Math.Max(0, live.Count - 1 - _random.Next(300))] : live[_random.Next(live.Count)];
                edits++;
            }
            else
            {
                noticeId = $"n-catchup-{seq:D6}";
                live.Add(noticeId);
                created++;
            }
            var payload = Element(MakeNotice(noticeId, edit));
            sizes.Add(Encoding.UTF8.GetByteCount(payload.GetRawText()));
            changes.Add(new SyncChange { Seq = seq, Prev = seq - 1, Kind = ContentKind.Notice, Id = noticeId, Op = ChangeOp.Upsert, Payload = payload });
        }
        var batches = changes.Chunk(SyncProtocol.MaxBatch).Select(c => (IReadOnlyList<SyncChange>)c).ToList();
        return new CatchUp(batches, created, edits, deletes, live.Count, sizes.Min(), sizes.Max(), sizes.Average());
    }

    /// <summary>What a kiosk's first sync brings, as a snapshot of <paramref name="count"/> records.</summary>
    public sealed record Store(SyncSnapshot Snapshot, IReadOnlyDictionary<string, int> ByKind, long JsonBytes);

    /// <summary>
    /// The demo community whole (its place chain, station, kiosk, people, roster, activities, hotlines, duty, notices,
    /// supplies; private numbers masked as the controller sends them), topped up to <paramref name="count"/> records
    /// with more notices (half), people (a quarter) and duty shifts (a quarter).
    /// </summary>
    public Store MakeStore(int count)
    {
        var records = new List<(string Kind, string Id, object Value)>();
        records.AddRange(_demo.Places.Select(p => (ContentKind.Place, p.Id, (object)p)));
        records.AddRange(_demo.Stations.Select(s => (ContentKind.Station, s.Id, (object)s)));
        records.AddRange(_demo.Kiosks.Select(k => (ContentKind.Kiosk, k.Id, (object)k)));
        records.AddRange(_demo.Items().Select(i => (i.Kind, i.Item.Id, i.Item is Person person ? person.WithPrivatePhoneMasked() : (object)i.Item)));
        var remaining = count - records.Count;
        if (remaining < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"the demo community alone has {records.Count} records");
        }
        var notices = remaining / 2;
        var people = remaining / 4;
        var duty = remaining - notices - people;
        for (var i = 0; i < notices; i++)
        {
            var id = $"n-store-{i:D5}";
            records.Add((ContentKind.Notice, id, MakeNotice(id, edit: false)));
        }
        for (var i = 0; i < people; i++)
        {
            var id = $"p-store-{i:D5}";
            records.Add((ContentKind.Person, id, MakePerson(id).WithPrivatePhoneMasked()));
        }
        for (var i = 0; i < duty; i++)
        {
            var id = $"d-store-{i:D5}";
            records.Add((ContentKind.DutyShift, id, MakeDutyShift(id, i)));
        }
        var items = records.Select((r, i) => new SyncChange { Seq = i + 1, Kind = r.Kind, Id = r.Id, Op = ChangeOp.Upsert, Payload = Element(r.Value) }).ToList();
        var bytes = items.Sum(i => (long)Encoding.UTF8.GetByteCount(i.Payload!.Value.GetRawText()));
        var byKind = records.GroupBy(r => r.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new Store(new SyncSnapshot { Items = items, Seq = items.Count, ChainFingerprint = Fingerprint }, byKind, bytes);
    }

    private Notice MakeNotice(string id, bool edit)
    {
        var target = 300 + _random.Next(301);
        var validFrom = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddDays(_random.Next(60)).AddMinutes(30 * _random.Next(20));
        var notice = new Notice
        {
            Id = id,
            Target = ItemTarget.Place(_placeIds[_random.Next(_placeIds.Length)]),
            Title = (edit ? "【更新】" : "") + _titles[_random.Next(_titles.Length)],
            Body = "",
            Category = (NoticeCategory)_random.Next(Enum.GetValues<NoticeCategory>().Length),
            Priority = _random.Next(12) == 0 ? NoticePriority.Urgent : _random.Next(8) == 0 ? NoticePriority.Pinned : NoticePriority.Normal,
            ValidFrom = validFrom,
            ValidTo = validFrom.AddDays(3 + _random.Next(40)),
        };
        var room = target - Encoding.UTF8.GetByteCount(ContentJson.Serialize(notice));
        var body = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(body.ToString()) < room)
        {
            body.Append(_sentences[_random.Next(_sentences.Length)]);
        }
        while (body.Length > 1 && Encoding.UTF8.GetByteCount(body.ToString()) > room)
        {
            body.Length--;
        }
        return notice with { Body = body.ToString() };
    }

    private static readonly string[] Surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    private static readonly string[] GivenNames = ["桂兰", "建国", "秀英", "伟", "芳", "明", "丽娟", "志强", "淑珍", "海燕", "军", "春梅", "国庆", "玉兰", "立新", "红", "德明", "晓东"];
    private static readonly string[] Roles = ["物业值班经理", "网格员", "楼栋长", "志愿者", "保安队长", "社区民警", "应急值守"];
    private static readonly string[] Locations = ["物业服务中心", "应急服务站", "丹桂苑红色驿站", "北门岗亭", "社区居委会"];

    private Person MakePerson(string id) => new()
    {
        Id = id,
        Target = ItemTarget.Place(_placeIds[_random.Next(_placeIds.Length)]),
        Name = Surnames[_random.Next(Surnames.Length)] + GivenNames[_random.Next(GivenNames.Length)],
        Party = (PartyMembership)_random.Next(4),
        Phone = "138" + _random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        PhonePublic = _random.Next(3) == 0,
    };

    private DutyShift MakeDutyShift(string id, int index)
    {
        var start = new DateTime(2026, 11, 1, _random.Next(2) == 0 ? 8 : 18, 0, 0, DateTimeKind.Unspecified).AddDays(index / 20);
        return new DutyShift
        {
            Id = id,
            Target = ItemTarget.Place(CompoundId),
            PersonName = Surnames[_random.Next(Surnames.Length)] + GivenNames[_random.Next(GivenNames.Length)],
            Role = Roles[_random.Next(Roles.Length)],
            Phone = "0536-81" + _random.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Start = start,
            End = start.AddHours(10),
            Location = Locations[_random.Next(Locations.Length)],
        };
    }

    private static JsonElement Element(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), ContentJson.Options);
}
