namespace SignageKiosk.Shared.Roster;

/// <summary>Whether, and how, a person is a Party member; every member gets a Party badge (党徽) on the board.</summary>
public enum PartyMembership
{
    None,
    /// <summary>居住地党员: a member whose Party relation is here.</summary>
    Resident,
    /// <summary>双报到 / 下沉党员: registered to serve where they live.</summary>
    Registered,
    /// <summary>在职党员: serving member of a local organisation.</summary>
    Serving,
}
