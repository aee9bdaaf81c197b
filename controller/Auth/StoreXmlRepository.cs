using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>
/// The key ring in the PostgreSQL store, so a cookie or a form token issued by one node is accepted by every other
/// (decision 0040). ASP.NET Core reads the ring at start and when a key is due, and its repository interface is
/// synchronous, hence the blocking calls. A key is never replaced: the first node to write a name keeps it.
/// </summary>
public sealed class StoreXmlRepository(ControllerDb db, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.OpenPostgreSql();
        using var command = connection.Command("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name;");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        var xml = reader.GetOrdinal("xml");
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(xml)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.OpenPostgreSql();
        using var command = connection.Command(
            "INSERT INTO data_protection_keys(friendly_name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT(friendly_name) DO NOTHING;",
            null, ("@name", friendlyName), ("@xml", element.ToString(SaveOptions.DisableFormatting)),
            ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        command.ExecuteNonQuery();
    }
}
