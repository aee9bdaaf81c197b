namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>
/// Counts how long each notice is on screen from what the board pages report. A page says which notices it shows
/// whenever that changes and every few seconds while it stays; a notice counts while some page that still reports
/// shows it (never twice for two pages), a page counts for at most <see cref="MaxGap"/> after its last report (a
/// closed, crashed or frozen page stops counting by itself), and nothing counts while the screen is off.
/// Pure: the caller passes the time and stores the pieces it gets back.
/// </summary>
public sealed class DisplayTally
{
    /// <summary>Pages tracked at once; a screen has one, a test rig a few. The longest-silent one gives way.</summary>
    public const int MaxPages = 16;

    private readonly Dictionary<string, PageState> _pages = new(StringComparer.Ordinal);
    private DateTimeOffset? _countedTo;

    public DisplayTally(TimeSpan maxGap)
    {
        if (maxGap <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxGap), "the gap allowed between reports must be positive");
        }
        MaxGap = maxGap;
    }

    public TimeSpan MaxGap { get; }
    public bool ScreenOff { get; private set; }
    public int Pages => _pages.Count;

    /// <summary>A page reports the notices it shows at <paramref name="at"/>. Returns the time counted up to then.</summary>
    public List<DisplayPiece> Report(string pageId, IEnumerable<string> visible, DateTimeOffset at)
    {
        var pieces = Advance(at);
        if (!_pages.ContainsKey(pageId) && _pages.Count >= MaxPages)
        {
            _pages.Remove(_pages.MinBy(p => p.Value.LastReport).Key);
        }
        _pages[pageId] = new PageState(at, visible.Distinct(StringComparer.Ordinal).ToArray());
        return pieces;
    }

    /// <summary>The screen went off (or on) at <paramref name="at"/>: what was shown until then counts, nothing while off.</summary>
    public List<DisplayPiece> SetScreenOff(bool off, DateTimeOffset at)
    {
        var pieces = Advance(at);
        ScreenOff = off;
        return pieces;
    }

    /// <summary>Counts up to <paramref name="now"/> and forgets pages silent for longer than <see cref="MaxGap"/>.</summary>
    public List<DisplayPiece> Advance(DateTimeOffset now)
    {
        var pieces = new List<DisplayPiece>();
        var from = _countedTo ?? now;
        if (now < from)
        {
            // The clock went back: count nothing for it, and no page may stay alive on a report "from the future".
            foreach (var id in _pages.Keys.ToList())
            {
                var page = _pages[id];
                _pages[id] = page with { LastReport = page.LastReport < now ? page.LastReport : now };
            }
        }
        else if (!ScreenOff && now > from)
        {
            // Every page's share starts at `from`, so a notice's union over pages is [from, latest end].
            var ends = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var page in _pages.Values)
            {
                var end = page.LastReport + MaxGap < now ? page.LastReport + MaxGap : now;
                if (end <= from)
                {
                    continue;
                }
                foreach (var noticeId in page.Visible)
                {
                    if (!ends.TryGetValue(noticeId, out var known) || end > known)
                    {
                        ends[noticeId] = end;
                    }
                }
            }
            foreach (var (noticeId, end) in ends.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                foreach (var (hour, duration) in DisplayHours.Split(from, end))
                {
                    pieces.Add(new DisplayPiece(noticeId, hour, duration));
                }
            }
        }
        _countedTo = now;
        foreach (var silent in _pages.Where(p => p.Value.LastReport + MaxGap <= now).Select(p => p.Key).ToList())
        {
            _pages.Remove(silent);
        }
        return pieces;
    }

    private sealed record PageState(DateTimeOffset LastReport, string[] Visible);
}
