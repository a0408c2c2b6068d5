using ShelfCloud.Worker;

var host = WorkerHost.CreateBuilder(args).Build();
await host.RunAsync();
