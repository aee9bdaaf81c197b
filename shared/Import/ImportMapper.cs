using System.Text.RegularExpressions;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using static SignageKiosk.Shared.Import.ImportHeaders;

namespace SignageKiosk.Shared.Import;

/// <summary>
/// Maps the rows of a sheet onto the records they describe, without I/O: for every data row either the
/// records to write or what is wrong with it. Rows naming a record that already exists reuse its id (and
/// keep what the sheet does not say, such as a photo), so an import updates rather than duplicates.
/// </summary>
public static partial class ImportMapper
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Maps every row; a problem with the file as a whole (no header) throws <see cref="ImportFileException"/>.</summary>
    public static ImportPlan Plan(string kind, IReadOnlyList<SheetRow> rows, ImportContext context)
    {
        var layout = ImportLayouts.For(kind);
        var header = ImportHeader.Find(layout, rows);
        var mapper = new Mapper(layout, context);
        var planned = new List<ImportPlanRow>();
        for (var index = header.RowIndex + 1; index < rows.Count; index++)
        {
            var row = rows[index];
            if (row.IsBlank)
            {
                continue;
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in layout.Columns)
            {
                if (header.Columns.TryGetValue(column, out var cell))
                {
                    values[column.Header] = ImportText.Clean(row.Cell(cell));
                }
            }
            planned.Add(mapper.Map(row.Number, values));
        }
        var columns = layout.Columns.Where(header.Columns.ContainsKey).Select(c => c.Header).ToList();
        return new ImportPlan(kind, context.TargetPlaceId, columns, header.Ignored, planned);
    }

    private sealed class Mapper(ImportLayout layout, ImportContext context)
    {
        private readonly List<Place> _buildings = context.Places.Where(p => p.Kind == PlaceKind.Building).ToList();
        private readonly Dictionary<string, (int Row, Person Person)> _people = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public ImportPlanRow Map(int number, Dictionary<string, string> values)
        {
            var row = new RowState(layout, number, values);
            var records = layout.Kind switch
            {
                ImportKind.Roster => MapRoster(row),
                ImportKind.People => MapPerson(row),
                ImportKind.DutyShifts => MapDutyShift(row),
                _ => throw new ArgumentOutOfRangeException(nameof(layout), layout.Kind, "not an import kind"),
            };
            return new ImportPlanRow(number, values, row.Errors, row.Errors.Count == 0 ? records : []);
        }

        private List<ImportRecord> MapRoster(RowState row)
        {
            var building = ResolvePlace(row, Building, _buildings, "楼栋", null, required: true);
            Place? unit = null;
            if (building is not null && row.Get(Unit).Length > 0)
            {
                var units = context.Places.Where(p => p.Kind == PlaceKind.Unit && p.ParentId == building.Id).ToList();
                unit = ResolvePlace(row, Unit, units, "单元", building.Name, required: false);
            }
            var person = ReadPerson(row, Name, id: null);
            RosterRole? role = null;
            var roleText = row.Get(Role);
            if (roleText.Length == 0)
            {
                row.Fail(Role, "角色不能为空");
            }
            else if (ImportValues.TryRole(roleText, out var parsedRole))
            {
                role = parsedRole;
            }
            else
            {
                row.Fail(Role, $"角色“{roleText}”无法识别，可填：{ImportValues.RoleNames}");
            }
            int? households = null;
            var householdsText = row.Get(Households);
            if (householdsText.Length > 0)
            {
                if (ImportValues.TryCount(householdsText, out var count))
                {
                    households = count;
                }
                else
                {
                    row.Fail(Households, $"联户数“{householdsText}”不是整数");
                }
            }
            if (person is null || building is null || role is not { } r || row.Failed(Unit))
            {
                return [];
            }
            var existing = context.Roster.FirstOrDefault(e => e.PersonId == person.Id && e.Role == r && e.BuildingId == building.Id && e.UnitId == unit?.Id);
            var entry = existing is not null
                ? existing with { Households = row.Has(Households) ? households : existing.Households }
                : new RosterEntry
                {
                    Id = ImportIds.RosterEntry(person.Id, r.ToString(), building.Id, unit?.Id),
                    Target = ItemTarget.Place(context.TargetPlaceId),
                    PersonId = person.Id,
                    Role = r,
                    BuildingId = building.Id,
                    UnitId = unit?.Id,
                    Households = households,
                };
            row.Validate(entry);
            CheckDuplicate(row, entry.Id, "与第{0}行重复（同一人、同一角色、同一楼栋单元）");
            return [new ImportRecord(ContentKind.Person, person), new ImportRecord(ContentKind.RosterEntry, entry)];
        }

        private List<ImportRecord> MapPerson(RowState row)
        {
            var id = row.Get(Id);
            var person = ReadPerson(row, Name, id.Length > 0 ? id : null);
            if (person is null)
            {
                return [];
            }
            CheckDuplicate(row, person.Id, "与第{0}行是同一个人，请合并为一行");
            return [new ImportRecord(ContentKind.Person, person)];
        }

        private List<ImportRecord> MapDutyShift(RowState row)
        {
            var name = Required(row, OnDuty);
            var post = Required(row, Post);
            var phone = Phone(row);
            var location = row.Get(Location);
            var startText = row.Get(Start);
            var endText = row.Get(End);
            DateTime? start = null;
            if (startText.Length == 0)
            {
                row.Fail(Start, "开始不能为空");
            }
            else if (!ImportMoment.TryParse(startText, out var moment))
            {
                row.Fail(Start, $"开始“{startText}”不是日期时间，请写成 2026-11-23 20:00");
            }
            else if (moment.Date is not { } date || moment.NextDay)
            {
                row.Fail(Start, $"开始“{startText}”要写明日期，如 2026-11-23 20:00");
            }
            else if (moment.HasNoTime)
            {
                row.Fail(Start, $"开始“{startText}”缺少时间，如 2026-11-23 20:00");
            }
            else
            {
                start = date.ToDateTime(moment.Time, DateTimeKind.Unspecified);
            }
            DateTime? end = null;
            if (endText.Length == 0)
            {
                row.Fail(End, "结束不能为空");
            }
            else if (!ImportMoment.TryParse(endText, out var moment))
            {
                row.Fail(End, $"结束“{endText}”不是日期时间，请写成 2026-11-24 08:00 或 次日08:00");
            }
            else if (moment.HasNoTime)
            {
                row.Fail(End, $"结束“{endText}”缺少时间，如 2026-11-24 08:00 或 次日08:00");
            }
            else if (start is { } s)
            {
                end = moment.Resolve(DateOnly.FromDateTime(s));
                if (end <= s)
                {
                    row.Fail(End, $"结束“{endText}”不晚于开始“{startText}”；跨夜值班请写“次日{moment.Time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)}”");
                    end = null;
                }
            }
            if (name is null || post is null || start is null || end is null)
            {
                return [];
            }
            var existing = context.DutyShifts.FirstOrDefault(d => d.PersonName == name && d.Role == post && d.Start == start);
            var personId = FindPerson(name, phone ?? "")?.Id;
            var shift = existing is not null
                ? existing with
                {
                    Phone = row.Has(ImportHeaders.Phone) ? phone : existing.Phone,
                    End = end.Value,
                    Location = row.Has(Location) ? NullIfEmpty(location) : existing.Location,
                    PersonId = personId ?? existing.PersonId,
                }
                : new DutyShift
                {
                    Id = ImportIds.DutyShift(context.TargetPlaceId, name, post, start.Value),
                    Target = ItemTarget.Place(context.TargetPlaceId),
                    PersonName = name,
                    PersonId = personId,
                    Role = post,
                    Phone = phone,
                    Start = start.Value,
                    End = end.Value,
                    Location = NullIfEmpty(location),
                };
            row.Validate(shift);
            CheckDuplicate(row, shift.Id, "与第{0}行重复（同一值班人、同一岗位、同一开始时间）");
            return [new ImportRecord(ContentKind.DutyShift, shift)];
        }

        /// <summary>
        /// The person a row names, reusing the existing record with that name and phone. A person on several
        /// rows (one per building they cover) must be written the same way on each.
        /// </summary>
        private Person? ReadPerson(RowState row, string nameColumn, string? id)
        {
            var name = Required(row, nameColumn);
            var phone = Phone(row);
            var partyText = row.Get(Party);
            if (!ImportValues.TryParty(partyText, out var party))
            {
                row.Fail(Party, $"党员“{partyText}”无法识别，可填：{ImportValues.PartyWords}");
            }
            party = RefineParty(row, partyText, party);
            var publicText = row.Get(PhonePublic);
            if (!ImportValues.TryYesNo(publicText, out var phonePublic))
            {
                row.Fail(PhonePublic, $"电话公开“{publicText}”请填“是”或“否”");
            }
            if (name is null)
            {
                return null;
            }
            var existing = id is not null ? context.People.FirstOrDefault(p => p.Id == id) : FindPerson(name, phone ?? "");
            // A column the sheet does not have leaves that detail of an existing person as it was.
            var person = existing is not null
                ? existing with
                {
                    Name = name,
                    Party = row.Has(Party) || row.Get(PartyCategory).Length > 0 ? party : existing.Party,
                    Phone = row.Has(ImportHeaders.Phone) ? phone : existing.Phone,
                    PhonePublic = row.Has(PhonePublic) ? phonePublic : existing.PhonePublic,
                }
                : new Person
                {
                    Id = id ?? ImportIds.Person(context.TargetPlaceId, name, phone ?? ""),
                    Target = ItemTarget.Place(context.TargetPlaceId),
                    Name = name,
                    Party = party,
                    Phone = phone,
                    PhonePublic = phonePublic,
                };
            row.Validate(person);
            if (row.Errors.Count > 0 || layout.Kind != ImportKind.Roster)
            {
                return person;
            }
            if (_people.TryGetValue(person.Id, out var seen))
            {
                if (seen.Person.Party != person.Party)
                {
                    row.Fail(Party, $"{name}在第{seen.Row}行写的党员是“{ImportValues.PartyName(seen.Person.Party)}”，与本行不同，同一人请写成一样");
                }
                if (seen.Person.PhonePublic != person.PhonePublic)
                {
                    row.Fail(PhonePublic, $"{name}在第{seen.Row}行写的电话公开是“{ImportValues.YesNoName(seen.Person.PhonePublic)}”，与本行不同，同一人请写成一样");
                }
            }
            else
            {
                _people[person.Id] = (row.Number, person);
            }
            return person;
        }

        /// <summary>
        /// 党员类别 refines what 政治面貌 says: a member's kind (在职党员, 双报到党员, …) when 政治面貌 says only
        /// 中共党员 or is absent; a kind given for a non-member (共青团员, 群众) or against a different kind is an error.
        /// </summary>
        private static PartyMembership RefineParty(RowState row, string partyText, PartyMembership party)
        {
            var categoryText = row.Get(PartyCategory);
            if (categoryText.Length == 0 || row.Failed(Party))
            {
                return party;
            }
            if (!ImportValues.TryPartyCategory(categoryText, out var kind))
            {
                row.Fail(PartyCategory, $"党员类别“{categoryText}”无法识别，可填：{ImportValues.PartyCategoryWords}");
                return party;
            }
            if (kind is not { } category)
            {
                return party;
            }
            if (party == PartyMembership.None && partyText.Length > 0)
            {
                row.Fail(PartyCategory, $"政治面貌是“{partyText}”，不是党员，党员类别“{categoryText}”应留空");
                return party;
            }
            if (party is PartyMembership.None or PartyMembership.Resident || party == category)
            {
                return category;
            }
            row.Fail(PartyCategory, $"党员类别“{categoryText}”与“{partyText}”不一致，同一人请只写一种");
            return party;
        }

        /// <summary>An existing person by name and phone; by name alone when only one has it and a phone is missing on either side.</summary>
        private Person? FindPerson(string name, string phone)
        {
            var key = ImportText.PhoneKey(phone);
            var named = context.People.Where(p => p.Name == name).ToList();
            return named.FirstOrDefault(p => ImportText.PhoneKey(p.Phone) == key)
                ?? (named.Count == 1 && (key.Length == 0 || string.IsNullOrEmpty(named[0].Phone)) ? named[0] : null);
        }

        private Place? ResolvePlace(RowState row, string column, List<Place> places, string what, string? parentName, bool required)
        {
            var text = row.Get(column);
            if (text.Length == 0)
            {
                if (required)
                {
                    row.Fail(column, $"{what}不能为空");
                }
                return null;
            }
            var key = Whitespace().Replace(ImportText.Fold(text), "");
            var matches = places.Where(p => Whitespace().Replace(ImportText.Fold(p.Name), "") == key).ToList();
            if (matches.Count == 0)
            {
                matches = places.Where(p => p.Id == text).ToList();
            }
            if (matches.Count == 0 && ImportText.NumberKey(text) is { } number)
            {
                matches = places.Where(p => ImportText.NumberKey(p.Name) == number).ToList();
            }
            if (matches.Count == 1)
            {
                return matches[0];
            }
            row.Fail(column, matches.Count > 1
                ? $"{what}“{text}”有{matches.Count}个同名，请改写{what}编号（{string.Join("、", matches.Select(p => p.Id))}）"
                : parentName is null ? $"{what}“{text}”不存在" : $"{what}“{text}”不在{parentName}");
            return null;
        }

        private static string? Required(RowState row, string column)
        {
            var text = row.Get(column);
            if (text.Length == 0)
            {
                row.Fail(column, $"{column}不能为空");
                return null;
            }
            return text;
        }

        /// <summary>The phone normalised (full-width digits, dashes, spaces) before it is stored; its shape is the validator's to judge.</summary>
        private static string? Phone(RowState row) => NullIfEmpty(ImportPhone.Normalize(row.Get(ImportHeaders.Phone)));

        private void CheckDuplicate(RowState row, string id, string message)
        {
            if (row.Errors.Count > 0)
            {
                return;
            }
            if (_ids.TryGetValue(id, out var first))
            {
                row.Fail(null, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, first));
            }
            else
            {
                _ids[id] = row.Number;
            }
        }

        private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
    }

    /// <summary>One row's values and errors; a column gets one error, the first found.</summary>
    private sealed class RowState(ImportLayout layout, int number, IReadOnlyDictionary<string, string> values)
    {
        private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

        public int Number => number;
        public List<string> Errors { get; } = [];

        public string Get(string column) => values.TryGetValue(column, out var value) ? value : "";

        /// <summary>Whether the sheet has this column at all (an empty cell is still a value: "clear it").</summary>
        public bool Has(string column) => values.ContainsKey(column);

        public bool Failed(string column) => _failed.Contains(column);

        public void Fail(string? column, string message)
        {
            if (column is not null && !_failed.Add(column))
            {
                return;
            }
            Errors.Add($"第{number}行：{message}");
        }

        /// <summary>The same shape rules the REST API applies, reported against the column the field came from.</summary>
        public void Validate(ContentItem item)
        {
            foreach (var error in ContentValidator.Validate(item))
            {
                var column = layout.ColumnForField(error.Field)?.Header;
                if (column is not null && !_failed.Add(column))
                {
                    continue;
                }
                Errors.Add(ValidatorMessages.Describe(number, column, error));
            }
        }
    }
}
