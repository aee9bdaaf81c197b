namespace SignageKiosk.Shared.Screen;

/// <summary>
/// What to run to switch the physical display with the screen: xset's DPMS commands, and only where there is an
/// X display to talk to and xset to talk with. Elsewhere the black page alone blanks the screen.
/// </summary>
public static class DisplayPowerCommands
{
    /// <summary>xset's argument lists, in order; empty when nothing is to be run.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> For(bool off, string? display, bool xsetInstalled)
    {
        if (string.IsNullOrWhiteSpace(display) || !xsetInstalled)
        {
            return [];
        }
        // "force on" also switches DPMS back on; the kiosk shell keeps it off (start-kiosk.sh) so that the X server
        // never blanks the board by its own timers in the day: turn it off again.
        return off ? [["dpms", "force", "off"]] : [["dpms", "force", "on"], ["-dpms"]];
    }
}
