using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Staff read residents' reports about buildings in their area. The call-back number is whole only for
/// administrators and community staff (as for private numbers, <see cref="StaffPermissions.MayReadPrivatePhones"/>),
/// masked for everyone else.
/// </summary>
public sealed class ReportQuery(ReportStore store, StructureStore structure)
{
    public const int MaxListed = 500;
    private static readonly string[] States = [ReportStore.Received];

    public sealed record Listed(string Reference, string State, string KioskId, string Category, string CategoryName, string BuildingId,
        string? BuildingName, string? UnitId, IReadOnlyList<ReportPhrases.Phrase> Phrases, string? Phone, bool PhoneMasked,
        DateTimeOffset CreatedAt, DateTimeOffset ReceivedAt);

    public async Task<List<Listed>> ListAsync(ClaimsPrincipal caller, string? state, string? placeId, CancellationToken cancellationToken)
    {
        var role = caller.StaffRole() ?? throw ApiException.Forbidden("只有工作人员可以查看居民反映");
        if (!string.IsNullOrEmpty(state) && !States.Contains(state))
        {
            throw ApiException.BadRequest($"state 只能是 {string.Join("、", States)}", "state");
        }
        if (string.IsNullOrWhiteSpace(placeId))
        {
            // Staff without a place get their own area; an administrator without one gets every report.
            placeId = role == StaffRole.Admin ? null : caller.ScopePlaceId() ?? throw ApiException.Forbidden("您的账号没有所属区域");
        }
        else
        {
            var places = (await structure.ListAsync<Place>(ContentKind.Place, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
            if (!places.ContainsKey(placeId))
            {
                throw ApiException.NotFound($"places/{placeId} 不存在");
            }
            if (!StaffPermissions.InScope(role, caller.ScopePlaceId(), PlaceChain.Ancestry(placeId, id => places.GetValueOrDefault(id))))
            {
                throw ApiException.Forbidden($"places/{placeId} 不在您的管辖范围内");
            }
        }
        var whole = StaffPermissions.MayReadPrivatePhones(role);
        var rows = await store.ListAsync(placeId, string.IsNullOrEmpty(state) ? null : state, MaxListed, cancellationToken);
        return [.. rows.Select(r => new Listed(r.Reference, r.State, r.KioskId, ReportCategories.WireName(r.Category), ReportCategories.Label(r.Category),
            r.BuildingId, r.BuildingName, r.UnitId,
            [.. r.Phrases.Select(id => new ReportPhrases.Phrase(id, ReportPhrases.Text(r.Category, id) ?? id))],
            r.Phone is null ? null : whole ? r.Phone : PhoneMask.Mask(r.Phone), r.Phone is not null && !whole,
            r.CreatedAt, r.ReceivedAt))];
    }
}
