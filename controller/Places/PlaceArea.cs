namespace SignageKiosk.Controller.Places;

/// <summary>SQL for a member of staff's area: the place they are scoped to and every place below it.</summary>
public static class PlaceArea
{
    /// <summary>
    /// A common table expression <c>area(id, depth)</c> from the place in <c>@scope</c>, for a <c>WITH RECURSIVE</c>
    /// clause. The depth bound stops a cycle in a damaged place tree from running forever.
    /// </summary>
    public const string Cte = """
        area(id, depth) AS (
            SELECT id, 0 FROM places WHERE id = @scope
            UNION ALL
            SELECT p.id, a.depth + 1 FROM places p JOIN area a ON p.parent_id = a.id WHERE a.depth < 32)
        """;
}
