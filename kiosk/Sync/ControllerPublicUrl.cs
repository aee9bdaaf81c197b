using SignageKiosk.Kiosk.Storage;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// The controller's address for phones (<c>HelloResponse.PublicUrl</c>), kept in the store so the board's QR codes
/// (the phone report page, micro-wishes) still point somewhere after a restart without network. Null until the first
/// hello.
/// </summary>
public sealed class ControllerPublicUrl(KioskStore store)
{
    private const string Key = "publicUrl";
    private string? _value;
    private bool _read;

    public string? Value
    {
        get
        {
            if (!_read)
            {
                _value = store.Read(database => StoreMeta.ReadText(database, Key));
                _read = true;
            }
            return _value;
        }
    }

    /// <summary>Saves <paramref name="url"/> when it is an absolute http(s) address different from the one kept.</summary>
    public void Save(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url == Value)
        {
            return;
        }
        store.Write(database => StoreMeta.WriteText(database, Key, url));
        _value = url;
    }
}
