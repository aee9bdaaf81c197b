using System.Threading.Channels;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// "A report about this building changed": lets the submit path (the kiosk hub) stay quick while
/// <see cref="ReportFiguresService"/> brings the compound's monthly figures up to date behind it.
/// </summary>
public sealed class ReportSignal
{
    private readonly Channel<string> _buildings = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Changed(string buildingId) => _buildings.Writer.TryWrite(buildingId);

    public ChannelReader<string> Reader => _buildings.Reader;
}
