using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CowCollections.Configuration;
using CowCollections.Etcd;
using CowCollections.Segments;
using dotnet_etcd;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Tool;

/// <content>The configuration sections of the demo: a JSON file reloaded with its Diff, a segment file shared by a host's processes, and, when etcd is installed, the fleet case.</content>
internal static partial class Demo
{
    private static readonly TimeSpan DemoWait = TimeSpan.FromSeconds(10);

    private static void ConfigurationReload(TextWriter output)
    {
        Section(
            output,
            "Configuration snapshots: a JSON file with reloadOnChange",
            "Writing appsettings.json, following it as versioned snapshots, then editing the file on disk and waiting for the reload.",
            "var root = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: true).Build();",
            "using var settings = root.ToSnapshot();          // IWatchable<PersistentDictionary<string, string?>>",
            "settings.Subscribe(change => ... change.OldSnapshot.Diff(change.NewSnapshot) ...);");
        string dir = Path.Combine(Path.GetTempPath(), "cow-demo-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "appsettings.json");
            File.WriteAllText(path, """{ "Db": { "Timeout": "30", "Pool": "8" }, "Mode": "safe" }""");
            using var root = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: true).Build();
            using var settings = root.ToSnapshot();
            output.WriteLine($"  version {settings.Version}: Db:Timeout = {settings["Db:Timeout"]}, {settings.Snapshot.Count} keys");
            using var changes = settings.Subscribe(change =>
            {
                foreach (var entry in change.Diff().OrderBy(d => d.Key, StringComparer.Ordinal))
                {
                    output.WriteLine($"  v{change.Version}: {entry}");
                }
            });

            // An editor's save: write a temporary file, rename it over the original.
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, """{ "Db": { "Timeout": "60", "Pool": "8" }, "Mode": "fast", "Tracing": "on" }""");
            File.Move(temporary, path, overwrite: true);
            var clock = Stopwatch.StartNew();
            while (settings.Version == 0 && clock.Elapsed < DemoWait)
            {
                Thread.Sleep(20);
            }

            Thread.Sleep(600);
            output.WriteLine($"  one save, {settings.Version} version(s) (the file provider may fire twice; equal content publishes nothing)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void HostConfiguration(TextWriter output)
    {
        Section(
            output,
            "A host's configuration in a segment file",
            "Committing settings to a segment file, reading them as configuration the way every other process on the host would, then changing and rolling them back.",
            "writer.Commit(\"my-service\", settings);                                  // the one writing process",
            "var root = new ConfigurationBuilder().AddSegmentFile(path, \"my-service\").Build();   // every reading process",
            "writer.Commit(\"my-service\", writer.OpenCommit(first.Number).GetDictionary<string, string?>(\"my-service\"));   // rollback");
        string dir = Path.Combine(Path.GetTempPath(), "cow-demo-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "settings.seg");
            using var writer = SegmentFile.OpenWrite(path);
            var first = writer.Commit("my-service", PersistentDictionary.CreateRange(new Dictionary<string, string?> { ["Db:Timeout"] = "30", ["Mode"] = "safe" }));
            using var root = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(path, "my-service").Build();
            var provider = root.Providers.OfType<SegmentFileConfigurationProvider>().Single();
            using var settings = root.ToSnapshot();
            using var changes = settings.Subscribe(change =>
            {
                foreach (var entry in change.Diff().OrderBy(d => d.Key, StringComparer.Ordinal))
                {
                    output.WriteLine($"  commit {provider.Commit!.Number}: {entry}");
                }
            });
            output.WriteLine($"  commit {first.Number}: Db:Timeout = {root["Db:Timeout"]}, Mode = {root["Mode"]}");

            writer.Commit("my-service", writer.Current.GetDictionary<string, string?>("my-service").SetItem("Db:Timeout", "60").SetItem("Mode", "fast"));
            provider.Watcher!.Poll();
            writer.Commit("my-service", writer.OpenCommit(first.Number).GetDictionary<string, string?>("my-service"));
            provider.Watcher.Poll();
            output.WriteLine($"  rolled back to commit {first.Number}'s content: Db:Timeout = {root["Db:Timeout"]}; {writer.GetCommits().Count} commits kept for the next rollback");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Fleet(TextWriter output)
    {
        Section(
            output,
            "A fleet's configuration in etcd, mirrored into every process",
            "Starting a local etcd, mirroring a key prefix into this process, and updating it with one guarded transaction.",
            "await using var mirror = await EtcdDictionary.StartAsync(client, \"demo/service/\");   // Range at R, watch from R + 1",
            "await mirror.SetItemsAsync([new(\"Db/Timeout\", \"30\"), ...]);   // one etcd transaction, one version",
            "await mirror.UpdateAsync(Increment);   // guarded by the keys' mod revisions, retried on conflict");
        string? etcd = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "etcd"))
            .FirstOrDefault(File.Exists);
        if (etcd is null)
        {
            output.WriteLine("  skipped: `etcd` is not on the PATH (Debian: apt-get install etcd-server)");
            return;
        }

        string dir = Path.Combine(Path.GetTempPath(), "cow-demo-etcd-" + Guid.NewGuid().ToString("N"));
        int clientPort = FreeLoopbackPort(), peerPort = FreeLoopbackPort();
        string url = $"http://127.0.0.1:{clientPort}";
        var start = new ProcessStartInfo(etcd) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[]
        {
            "--data-dir", dir, "--listen-client-urls", url, "--advertise-client-urls", url,
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"default=http://127.0.0.1:{peerPort}", "--logger", "zap", "--log-outputs", dir + ".log",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        server.OutputDataReceived += static (_, _) => { };
        server.ErrorDataReceived += static (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            FleetAsync(output, url).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is Grpc.Core.RpcException or TimeoutException or OperationCanceledException)
        {
            output.WriteLine($"  etcd did not answer: {error.Message}");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
            Directory.Delete(dir, recursive: true);
            File.Delete(dir + ".log");
        }
    }

    private static async Task FleetAsync(TextWriter output, string url)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var clientA = new EtcdClient(url);
        using var clientB = new EtcdClient(url);
        EtcdDictionary? a = null;
        while (a is null)
        {
            try
            {
                a = await EtcdDictionary.StartAsync(clientA, "demo/service/", cancellationToken: cancel.Token);
            }
            catch (Grpc.Core.RpcException) when (!cancel.IsCancellationRequested)
            {
                await Task.Delay(100, cancel.Token);
            }
        }

        await using var first = a;
        await using var second = await EtcdDictionary.StartAsync(clientB, "demo/service/", cancellationToken: cancel.Token);
        using var watch = second.Snapshots.Subscribe(change => output.WriteLine(
            $"  mirror B, revision {change.NewSnapshot.Revision}: {string.Join(", ", change.OldSnapshot.Items.Diff(change.NewSnapshot.Items).OrderBy(d => d.Key, StringComparer.Ordinal))}"));

        long revision = await first.SetItemsAsync([new("Db/Timeout", "30"), new("Db/Pool", "8"), new("Mode", "safe")], cancel.Token);
        output.WriteLine($"  mirror A wrote three keys in one transaction: revision {revision}");
        await second.WaitForRevisionAsync(revision, cancel.Token);

        // Both "processes" increment one counter concurrently; every Update is one guarded transaction.
        static PersistentDictionary<string, string> Increment(PersistentDictionary<string, string> d) =>
            d.SetItem("Counter", (int.Parse(d.GetValueOrDefault("Counter", "0")!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        watch.Dispose();
        await Task.WhenAll(
            Task.Run(async () => { for (int i = 0; i < 20; i++) await first.UpdateAsync(Increment, cancel.Token); }),
            Task.Run(async () => { for (int i = 0; i < 20; i++) await second.UpdateAsync(Increment, cancel.Token); }));
        await first.WaitForRevisionAsync(second.Revision, cancel.Token);
        await second.WaitForRevisionAsync(first.Revision, cancel.Token);
        output.WriteLine($"  40 concurrent increments from two mirrors: Counter = {first.Snapshot["Counter"]} in A and {second.Snapshot["Counter"]} in B, both at revision {first.Revision}");
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
