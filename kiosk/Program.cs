using SignageKiosk.Kiosk;

var builder = WebApplication.CreateBuilder(args);
builder.AddKioskServices();

var app = builder.Build();
app.MapKioskEndpoints();
app.Run();
