namespace SignageKiosk.Simulator.Fleet;

/// <summary>
/// How a simulated city spreads its screens: so many kiosks in each building lobby, buildings per compound,
/// compounds per community; one station per compound. Everything hangs under one district and one street.
/// </summary>
public sealed record FleetShape
{
    public const int MaxKiosks = 20_000;

    public required int Kiosks { get; init; }
    public int KiosksPerBuilding { get; init; } = 2;
    public int BuildingsPerCompound { get; init; } = 10;
    public int CompoundsPerCommunity { get; init; } = 10;
    /// <summary>Items (notices, hotlines) seeded per compound, so that first syncs carry a realistic snapshot.</summary>
    public int ItemsPerCompound { get; init; } = 6;

    public FleetShape Validated()
    {
        if (Kiosks is < 1 or > MaxKiosks)
        {
            throw new ArgumentOutOfRangeException(nameof(Kiosks), Kiosks, $"between 1 and {MaxKiosks} kiosks");
        }
        if (KiosksPerBuilding is < 1 or > 100 || BuildingsPerCompound is < 1 or > 100 || CompoundsPerCommunity is < 1 or > 100 || ItemsPerCompound is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(KiosksPerBuilding), "kiosks per building, buildings per compound and compounds per community are 1-100; items per compound 0-100");
        }
        return this;
    }
}
