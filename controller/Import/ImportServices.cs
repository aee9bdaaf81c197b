namespace SignageKiosk.Controller.Import;

public static class ImportServices
{
    /// <summary>Spreadsheet import and export: the pending previews and the service behind the endpoints.</summary>
    public static IServiceCollection AddImport(this IServiceCollection services)
    {
        // GBK / GB18030 CSV files, which Excel in China writes, need the code-page encodings.
        TextDecoding.EnsureCodePages();
        services.AddSingleton<PendingImports>();
        services.AddSingleton<ImportService>();
        return services;
    }
}
