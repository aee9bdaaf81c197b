namespace SignageKiosk.Controller.Fleet;

/// <summary>The flags the fleet summary counts and the list filters by (<c>?flag=</c>).</summary>
public enum FleetFlag
{
    /// <summary>A retired credential was presented again: possibly a cloned device.</summary>
    Clone,
    /// <summary>Behind a change meant for it for longer than <see cref="FleetOptions.LaggingAfter"/>.</summary>
    Lagging,
    /// <summary>Its clock is far from the controller's.</summary>
    Clock,
    /// <summary>Its disk is too full for the media it needs.</summary>
    StorageFull,
    /// <summary>Any reason in <see cref="FleetAttention"/>: what staff should look at now.</summary>
    Attention,
}
