using Arrakis.Worker.Hosting;

return await WorkerHost.RunAsync(args);
