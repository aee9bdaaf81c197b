using System.Data.Common;
using System.Security.Claims;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Import;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Spreadsheet import and export. A preview reads the file and maps it without writing anything; the
/// confirmation writes the valid rows one by one through <see cref="ContentStore"/>, so roles, areas and
/// validation hold exactly as for the REST API, and a row that is refused is reported, not fatal.
/// </summary>
public sealed class ImportService(
    StructureStore structure, ContentStore content, ChangeLog changeLog, PendingImports pending, IHostApplicationLifetime lifetime, ILogger<ImportService> logger)
{
    public async Task<ImportPreview> PreviewAsync(string kind, string target, byte[] file, string? charset, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var area = await LoadAreaAsync(kind, target, caller, cancellationToken);
        var rows = ReadSheet(file, charset, cancellationToken);
        var context = await ContextAsync(kind, area, caller, cancellationToken);
        ImportPlan plan;
        try
        {
            plan = ImportMapper.Plan(kind, rows, context);
        }
        catch (ImportFileException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
        if (plan.Rows.Count == 0)
        {
            throw ApiException.BadRequest("表头下面没有数据行");
        }
        if (plan.Rows.Count > ImportLimits.MaxDataRows)
        {
            throw ImportLimits.TooManyRows();
        }
        var stored = pending.Add(caller.Actor(), plan);
        logger.LogInformation("Import preview {TokenPrefix}: {Kind} into {Target} by {Actor}, {Valid} valid and {Invalid} invalid rows",
            stored.Token[..6], kind, target, caller.Actor(), plan.Valid, plan.Invalid);
        return new ImportPreview(stored.Token, kind, target, plan.Columns, plan.IgnoredColumns,
            plan.Rows.Select(r => new ImportPreviewRow(r.Row, r.Values, r.Errors)).ToList(), plan.Valid, plan.Invalid, stored.ExpiresAt);
    }

    public async Task<ImportResult> ConfirmAsync(string token, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var taken = pending.Take(token, caller.Actor())
            ?? throw ApiException.NotFound("导入令牌不存在、已过期或已经用过，请重新上传预览");
        // The token is spent now: finish even if the caller goes away, so that what was confirmed is what gets written.
        var stopping = lifetime.ApplicationStopping;
        var outcomes = new Dictionary<(string Kind, string Id), ApiException?>();
        var results = new List<ImportConfirmRow>(taken.Plan.Rows.Count);
        int written = 0, unchanged = 0, skipped = 0;
        foreach (var row in taken.Plan.Rows)
        {
            if (!row.IsValid)
            {
                skipped++;
                results.Add(new ImportConfirmRow(row.Row, ImportRowStatus.Invalid, row.Errors));
                continue;
            }
            var changed = false;
            ApiException? refused = null;
            // Rights are checked for the whole row first, so a row is written entirely or not at all
            // (a property manager's roster row must not leave its person behind when the entry is refused).
            if (caller.StaffRole() is not { } role
                || row.Records.FirstOrDefault(r => !StaffPermissions.MayEdit(role, r.Kind) || !StaffPermissions.MayEditItem(role, r.Item)) is { } denied)
            {
                refused = ApiException.Forbidden("你的角色不能写入这一行（物业只能维护红领管家）");
            }
            foreach (var record in refused is null ? row.Records : [])
            {
                var key = (record.Kind, record.Item.Id);
                if (outcomes.TryGetValue(key, out var earlier))
                {
                    // The same person on several roster rows is written once; a refusal holds for every row.
                    refused = earlier;
                }
                else
                {
                    try
                    {
                        changed |= await WriteAsync(record, caller, stopping);
                        outcomes[key] = null;
                    }
                    catch (ApiException e)
                    {
                        outcomes[key] = refused = e;
                    }
                    catch (Exception e) when (StoreErrors.IsConstraint(e))
                    {
                        outcomes[key] = refused = ApiException.Conflict("与已有数据冲突");
                    }
                }
                if (refused is not null)
                {
                    break;
                }
            }
            if (refused is not null)
            {
                skipped++;
                var forbidden = refused.Status == StatusCodes.Status403Forbidden;
                results.Add(new ImportConfirmRow(row.Row, forbidden ? ImportRowStatus.NotAllowed : ImportRowStatus.Failed,
                    [forbidden ? $"第{row.Row}行：没有权限写入（{refused.Message}）" : $"第{row.Row}行：未写入（{refused.Message}）"]));
            }
            else if (changed)
            {
                written++;
                results.Add(new ImportConfirmRow(row.Row, ImportRowStatus.Written, []));
            }
            else
            {
                unchanged++;
                results.Add(new ImportConfirmRow(row.Row, ImportRowStatus.Unchanged, []));
            }
        }
        var seq = await changeLog.HeadAsync(stopping);
        logger.LogInformation("Import {TokenPrefix} confirmed: {Kind} into {Target} by {Actor}, {Written} written, {Unchanged} unchanged, {Skipped} skipped, head {Seq}",
            token[..Math.Min(6, token.Length)], taken.Plan.Kind, taken.Plan.TargetPlaceId, caller.Actor(), written, unchanged, skipped, seq);
        return new ImportResult(written, unchanged, skipped, seq, results);
    }

    public async Task<(byte[] Bytes, string FileName)> ExportAsync(string kind, string target, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var area = await LoadAreaAsync(kind, target, caller, cancellationToken);
        var sheet = kind switch
        {
            ImportKind.Roster => ImportExporter.Roster(
                await ListAsync<RosterEntry>(ContentKind.RosterEntry, area, caller, cancellationToken),
                await ListAsync<Person>(ContentKind.Person, area, caller, cancellationToken),
                area.BuildingsAndUnits),
            ImportKind.People => ImportExporter.People(await ListAsync<Person>(ContentKind.Person, area, caller, cancellationToken)),
            ImportKind.DutyShifts => ImportExporter.DutyShifts(await ListAsync<DutyShift>(ContentKind.DutyShift, area, caller, cancellationToken)),
            _ => throw ApiException.BadRequest($"不能导出“{kind}”", "kind"),
        };
        logger.LogInformation("Export of {Kind} from {Target} by {Actor}: {Rows} rows", kind, target, caller.Actor(), sheet.Rows.Count);
        return (XlsxSheetExport.Write(sheet), $"{sheet.Title}-{area.Target.Name}.xlsx");
    }

    /// <summary>
    /// The file's rows, by what its bytes are (not what the upload says): an .xlsx package, an old .xls (or a
    /// password-protected workbook, refused), CSV text, or something else, refused.
    /// </summary>
    private static IReadOnlyList<SheetRow> ReadSheet(byte[] file, string? charset, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            throw ApiException.BadRequest("文件是空的");
        }
        var rows = SheetFormats.IsZip(file) || SheetFormats.IsCompoundFile(file) ? WorkbookSheetReader.Read(file, cancellationToken)
            : SheetFormats.LooksLikeText(file) ? CsvSheetReader.Read(file, charset, cancellationToken)
            : throw SheetFileRefusals.NotSpreadsheet();
        return rows.Any(r => !r.IsBlank) ? rows : throw ApiException.BadRequest("文件里没有内容");
    }

    /// <summary>The records an import is mapped against: those already in the area that a row may describe again.</summary>
    private async Task<ImportContext> ContextAsync(string kind, ImportArea area, ClaimsPrincipal caller, CancellationToken cancellationToken) => new()
    {
        TargetPlaceId = area.Target.Id,
        Places = area.BuildingsAndUnits,
        // Duty rows are linked to the person on duty when the name (and phone) identify one.
        // Matched by the whole number, which stays on the controller: the preview answers with the sheet's own values.
        People = await ListAsync<Person>(ContentKind.Person, area, caller, cancellationToken, wholePhones: true),
        Roster = kind == ImportKind.Roster ? await ListAsync<RosterEntry>(ContentKind.RosterEntry, area, caller, cancellationToken) : [],
        DutyShifts = kind == ImportKind.DutyShifts ? await ListAsync<DutyShift>(ContentKind.DutyShift, area, caller, cancellationToken) : [],
    };

    /// <param name="wholePhones">For matching rows to people only; an export shows what the caller may read.</param>
    private async Task<List<T>> ListAsync<T>(string kind, ImportArea area, ClaimsPrincipal caller, CancellationToken cancellationToken, bool wholePhones = false) where T : ContentItem =>
        (await content.ListAsync(kind, caller, cancellationToken, wholePhones))
            .Select(s => s.Item).OfType<T>()
            .Where(i => i.Target.PlaceId is { } place && area.Subtree.Contains(place))
            .ToList();

    /// <summary>
    /// Writes one record unless it is already exactly so. What the sheet does not carry is kept: a person's
    /// photo, the person linked to a duty shift.
    /// </summary>
    private async Task<bool> WriteAsync(ImportRecord record, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        // Compared with the stored record, whole: a property manager's unchanged row is "unchanged", not rewritten.
        var current = (await content.GetAsync(record.Kind, record.Item.Id, caller, cancellationToken, wholePhones: true))?.Item;
        var item = (current, record.Item) switch
        {
            (Person was, Person now) => was with { Name = now.Name, Party = now.Party, Phone = now.Phone, PhonePublic = now.PhonePublic, Target = now.Target },
            (DutyShift was, DutyShift now) => now with { PersonId = now.PersonId ?? was.PersonId },
            _ => record.Item,
        };
        // Compared as it would be stored (hidden characters dropped), so a re-import of the same file changes nothing.
        item = ContentJson.Normalise(item);
        if (current is not null && current.Equals(item))
        {
            return false;
        }
        await content.UpsertAsync(record.Kind, item, current is null ? WriteMode.Create : WriteMode.Replace, caller, cancellationToken);
        return true;
    }

    private async Task<ImportArea> LoadAreaAsync(string kind, string target, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var places = await structure.BelowAsync(target, 16, cancellationToken);
        var place = places.FirstOrDefault(p => p.Id == target)
            ?? throw ApiException.BadRequest($"目标地点“{target}”不存在", "target");
        var chain = await structure.AncestryAsync(target, cancellationToken);
        if (caller.StaffRole() is not { } role || !StaffPermissions.InScope(role, caller.ScopePlaceId(), chain))
        {
            throw ApiException.Forbidden($"“{place.Name}”不在你负责的范围内");
        }
        if (kind == ImportKind.Roster && place.Kind != PlaceKind.Compound)
        {
            throw ApiException.BadRequest($"楼栋公示按小区导入导出，“{place.Name}”不是小区", "target");
        }
        var buildings = places.Where(p => p.Kind == PlaceKind.Building && p.ParentId == target).ToList();
        var buildingIds = buildings.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var units = places.Where(p => p.Kind == PlaceKind.Unit && p.ParentId is { } parent && buildingIds.Contains(parent));
        return new ImportArea(place, [.. buildings, .. units], places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal));
    }
}
