using System.Data.Common;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Backup;

/// <summary>
/// Kiosks rotate their device credential at every hello (decision 0008), so a backup soon holds credentials the
/// kiosks no longer have: restored as they are, every kiosk that said hello since the backup would be refused and
/// need pairing again. A restore therefore keeps each kiosk's current credential and its lineage from the store it
/// replaces (for kiosks in both); only when that store is gone (a lost disk) do such kiosks need re-pairing.
/// </summary>
public sealed class CredentialCarryOver
{
    private const string LineageColumns = "hash, kiosk_id, parent_hash, state, connection_id, issued_at, retired_at";

    private readonly Dictionary<string, string?> _current = new(StringComparer.Ordinal);
    private readonly List<object?[]> _lineage = [];

    private CredentialCarryOver()
    {
    }

    /// <summary>What the store about to be replaced holds; empty when it holds no kiosks (or is not a store at all).</summary>
    public static async Task<CredentialCarryOver> ReadAsync(DbConnection live, CancellationToken cancellationToken)
    {
        var carried = new CredentialCarryOver();
        try
        {
            await using (var command = live.Command("SELECT id, credential_hash FROM kiosks;", null))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    carried._current[reader.GetString(0)] = reader.GetStringOrNull(1);
                }
            }
            await using (var command = live.Command($"SELECT {LineageColumns} FROM kiosk_credentials ORDER BY rowid;", null))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }
                    carried._lineage.Add(row);
                }
            }
        }
        catch (DbException)
        {
            // An empty or foreign database: nothing to carry over.
            carried._current.Clear();
            carried._lineage.Clear();
        }
        return carried;
    }

    /// <summary>Writes the carried credentials into the restored store; returns how many kiosks kept theirs.</summary>
    public async Task<int> ApplyAsync(DbConnection restored, CancellationToken cancellationToken)
    {
        if (_current.Count == 0)
        {
            return 0;
        }
        await using var transaction = await restored.BeginTransactionAsync(cancellationToken);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (kioskId, hash) in _current)
        {
            if (await restored.ExecAsync("UPDATE kiosks SET credential_hash = @hash WHERE id = @id;", transaction, cancellationToken, ("@hash", hash), ("@id", kioskId)) > 0)
            {
                kept.Add(kioskId);
                await restored.ExecAsync("DELETE FROM kiosk_credentials WHERE kiosk_id = @id;", transaction, cancellationToken, ("@id", kioskId));
            }
        }
        foreach (var row in _lineage.Where(row => row[1] is string kioskId && kept.Contains(kioskId)))
        {
            await restored.ExecAsync(
                $"INSERT INTO kiosk_credentials({LineageColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6) ON CONFLICT(hash) DO NOTHING;",
                transaction, cancellationToken, row.Select((value, i) => ($"@p{i}", value)).ToArray());
        }
        await transaction.CommitAsync(cancellationToken);
        return kept.Count;
    }
}
