namespace SignageKiosk.Controller.Cluster;

/// <summary>The PostgreSQL notification channels the nodes wake each other with. Only wake-ups: the truth is the change log.</summary>
public static class ClusterChannels
{
    /// <summary>Sent in the publishing transaction, so it is delivered when (and only if) the change commits.</summary>
    public const string Changes = "signagekiosk_changes";

    /// <summary>A placement changed: the nodes ask their matching kiosks to say Hello again (payload: <see cref="RehelloTarget"/>).</summary>
    public const string Rehello = "signagekiosk_rehello";
}
