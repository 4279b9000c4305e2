using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using dotnet_etcd;
using Etcdserverpb;

namespace CowCollections.Configuration.Tests.Etcd;

/// <summary>
/// A real three-member etcd cluster on free loopback ports with temporary data directories, shared by the
/// tests of the "etcd" collection. Members can be killed, restarted, stopped (SIGSTOP: the process keeps its
/// connections but answers nothing, like a partitioned host) and continued. Disposal kills every member and
/// deletes the data, also when the test process exits early.
/// </summary>
public sealed class EtcdCluster : IDisposable
{
    public const string InstallHint = "install etcd to run them: apt-get install etcd-server (Debian), or put an `etcd` binary on the PATH";

    private const int MemberCount = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root;
    private readonly Member[] _members;
    private readonly string _initialCluster;
    private bool _disposed;

    public EtcdCluster()
    {
        Binary = FindBinary();
        if (Binary is null)
        {
            _root = string.Empty;
            _members = [];
            _initialCluster = string.Empty;
            return;
        }

        _root = Path.Combine(Path.GetTempPath(), "cow-etcd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        var ports = FreeLoopbackPorts(2 * MemberCount);
        _members = Enumerable.Range(0, MemberCount)
            .Select(i => new Member($"m{i}", $"http://127.0.0.1:{ports[2 * i]}", $"http://127.0.0.1:{ports[(2 * i) + 1]}", Path.Combine(_root, $"m{i}")))
            .ToArray();
        _initialCluster = string.Join(",", _members.Select(m => $"{m.Name}={m.PeerUrl}"));
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        try
        {
            for (var i = 0; i < MemberCount; i++)
            {
                Start(i, initial: true);
            }

            WaitHealthy();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The etcd binary, or null when none is installed.</summary>
    public string? Binary { get; }

    public int Count => _members.Length;

    /// <summary>Every member's client URL, as one dotnet-etcd connection string.</summary>
    public string ConnectionString => string.Join(",", _members.Select(m => m.ClientUrl));

    public string ClientUrl(int member) => _members[member].ClientUrl;

    /// <summary>
    /// Skips the calling test when etcd is absent (with the reason and the install line), or fails it when the
    /// environment variable CI is "true": CI always has etcd.
    /// </summary>
    public void Require() => RequireEtcd(Binary, Environment.GetEnvironmentVariable("CI"));

    internal static void RequireEtcd(string? binary, string? ci)
    {
        if (binary is not null)
        {
            return;
        }

        var reason = $"etcd is not installed, so this test did not run; {InstallHint}.";
        if (string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI=true but " + reason);
        }

        Skip.If(true, reason);
    }

    public EtcdClient NewClient() => new(ConnectionString);

    public EtcdClient NewClient(int member) => new(_members[member].ClientUrl);

    /// <summary>Kills a member (SIGKILL) and waits for it to exit; its data directory stays.</summary>
    public void Kill(int member)
    {
        var process = _members[member].Process;
        _members[member].Process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    /// <summary>Starts a killed member again on its data directory.</summary>
    public void Restart(int member) => Start(member, initial: false);

    /// <summary>Freezes a member (SIGSTOP): its connections stay open and silent, as behind a partition.</summary>
    public void Stop(int member) => Signal(member, 19);

    /// <summary>Resumes a frozen member (SIGCONT).</summary>
    public void Continue(int member) => Signal(member, 18);

    /// <summary>Waits until every member answers a linearizable read through its own endpoint.</summary>
    public void WaitHealthy()
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < _members.Length; i++)
        {
            using var client = NewClient(i);
            while (true)
            {
                try
                {
                    client.GetConnection().KVClient.Range(new RangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8("health") }, deadline: DateTime.UtcNow.AddSeconds(2));
                    break;
                }
                catch (Exception error) when (clock.Elapsed < StartTimeout && error is Grpc.Core.RpcException or OperationCanceledException)
                {
                    Thread.Sleep(100);
                }
                catch (Exception error) when (error is Grpc.Core.RpcException or OperationCanceledException)
                {
                    throw new TimeoutException($"etcd member {_members[i].Name} did not become healthy in {StartTimeout}; its log is {_members[i].Log}.", error);
                }
            }
        }
    }

    /// <summary>The index of the current leader, as the members report it.</summary>
    public async Task<int> LeaderAsync()
    {
        var ids = await MemberIdsAsync();
        using var client = NewClient();
        var status = await client.GetConnection().MaintenanceClient.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        return Array.IndexOf(ids, status.Leader);
    }

    /// <summary>Transfers leadership to <paramref name="target"/> (etcd's MoveLeader, sent to the current leader).</summary>
    public async Task MoveLeaderAsync(int target)
    {
        var ids = await MemberIdsAsync();
        var leader = await LeaderAsync();
        using var client = NewClient(leader);
        await client.GetConnection().MaintenanceClient.MoveLeaderAsync(new MoveLeaderRequest { TargetID = ids[target] }, deadline: DateTime.UtcNow.AddSeconds(10));
    }

    /// <summary>Compacts the cluster's history up to <paramref name="revision"/>, through member <paramref name="via"/>.</summary>
    public async Task CompactAsync(long revision, int via)
    {
        using var client = NewClient(via);
        await client.GetConnection().KVClient.CompactAsync(new CompactionRequest { Revision = revision, Physical = true }, deadline: DateTime.UtcNow.AddSeconds(10));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        for (var i = 0; i < _members.Length; i++)
        {
            Continue(i);
            Kill(i);
        }

        if (_root.Length != 0)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static string? FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "etcd"))
            .FirstOrDefault(File.Exists);
    }

    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }

    private async Task<ulong[]> MemberIdsAsync()
    {
        var ids = new ulong[_members.Length];
        for (var i = 0; i < _members.Length; i++)
        {
            using var client = NewClient(i);
            var status = await client.GetConnection().MaintenanceClient.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            ids[i] = status.Header.MemberId;
        }

        return ids;
    }

    private void Start(int index, bool initial)
    {
        var member = _members[index];
        var start = new ProcessStartInfo(Binary!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--name", member.Name,
            "--data-dir", member.DataDir,
            "--listen-client-urls", member.ClientUrl,
            "--advertise-client-urls", member.ClientUrl,
            "--listen-peer-urls", member.PeerUrl,
            "--initial-advertise-peer-urls", member.PeerUrl,
            "--initial-cluster", _initialCluster,
            "--initial-cluster-state", initial ? "new" : "existing",
            "--initial-cluster-token", "cow-test",
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
            "--logger", "zap",
            "--log-outputs", member.Log,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("etcd did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        member.Process = process;
    }

    private void Signal(int member, int signal)
    {
        var process = _members[member].Process;
        if (process is { HasExited: false })
        {
            _ = SendSignal(process.Id, signal);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private sealed class Member(string name, string clientUrl, string peerUrl, string dataDir)
    {
        public string Name { get; } = name;

        public string ClientUrl { get; } = clientUrl;

        public string PeerUrl { get; } = peerUrl;

        public string DataDir { get; } = dataDir;

        public string Log => DataDir + ".log";

        public Process? Process { get; set; }
    }
}

[CollectionDefinition("etcd")]
public sealed class EtcdCollection : ICollectionFixture<EtcdCluster>;

internal static class Revisions
{
    public static string Format(IEnumerable<long> revisions) => string.Join(",", revisions.Select(r => r.ToString(CultureInfo.InvariantCulture)));
}
