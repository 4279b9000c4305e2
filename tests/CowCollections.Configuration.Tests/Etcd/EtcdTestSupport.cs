using CowCollections.Etcd;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;

namespace CowCollections.Configuration.Tests.Etcd;

/// <summary>Direct reads and writes that bypass the mirror, the recording of published versions, and the tests' timing.</summary>
internal static class EtcdTestSupport
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Short timings so that the fault tests run in seconds: a silent stream is dropped after 1.5 s.</summary>
    public static EtcdDictionaryOptions FastOptions => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(3),
        ProgressInterval = TimeSpan.FromMilliseconds(200),
        WatchTimeout = TimeSpan.FromMilliseconds(1500),
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    };

    public static string NewPrefix(string test) => $"cow-test/{test}/{Guid.NewGuid():N}/";

    public static CancellationTokenSource Deadline() => new(TestTimeout);

    /// <summary>A linearizable read of the prefix: content (relative keys) and the header revision.</summary>
    public static async Task<(Dictionary<string, string> Items, long Revision, long LastModRevision)> ReadAsync(EtcdClient client, string prefix)
    {
        var response = await client.GetConnection().KVClient.RangeAsync(
            new RangeRequest { Key = ByteString.CopyFromUtf8(prefix), RangeEnd = ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(prefix)) },
            deadline: DateTime.UtcNow.AddSeconds(10));
        var items = response.Kvs.ToDictionary(kv => kv.Key.ToStringUtf8()[prefix.Length..], kv => kv.Value.ToStringUtf8(), StringComparer.Ordinal);
        return (items, response.Header.Revision, response.Kvs.Count == 0 ? 0 : response.Kvs.Max(kv => kv.ModRevision));
    }

    /// <summary>Retries a direct write through member outages, bounded by <see cref="TestTimeout"/>; returns the revision.</summary>
    public static async Task<long> PutAsync(EtcdClient client, string key, string value)
    {
        using var deadline = Deadline();
        while (true)
        {
            try
            {
                var response = await client.GetConnection().KVClient.PutAsync(
                    new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value) },
                    deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: deadline.Token);
                return response.Header.Revision;
            }
            catch (Exception error) when (!deadline.IsCancellationRequested && error is Grpc.Core.RpcException or OperationCanceledException)
            {
                await Task.Delay(50);
            }
        }
    }

    public static async Task<long> DeleteAsync(EtcdClient client, string key)
    {
        var response = await client.GetConnection().KVClient.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(key) }, deadline: DateTime.UtcNow.AddSeconds(10));
        return response.Header.Revision;
    }

    /// <summary>
    /// The revisions that touched <paramref name="prefix"/> after <paramref name="after"/>, up to and including
    /// <paramref name="last"/>, read from etcd's own history with a raw watch (independent of the mirror).
    /// </summary>
    public static async Task<List<long>> HistoryAsync(EtcdClient client, string prefix, long after, long last)
    {
        var revisions = new List<long>();
        if (last <= after)
        {
            return revisions;
        }

        using var deadline = Deadline();
        using var call = client.GetConnection().WatchClient.Watch(cancellationToken: deadline.Token);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = ByteString.CopyFromUtf8(prefix), RangeEnd = ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(prefix)), StartRevision = after + 1 },
        });
        while (await call.ResponseStream.MoveNext(deadline.Token))
        {
            foreach (var e in call.ResponseStream.Current.Events)
            {
                if (revisions.Count == 0 || revisions[^1] != e.Kv.ModRevision)
                {
                    revisions.Add(e.Kv.ModRevision);
                }
            }

            if (revisions.Count > 0 && revisions[^1] >= last)
            {
                break;
            }
        }

        await call.RequestStream.CompleteAsync();
        return revisions;
    }

    /// <summary>Waits until the mirror has seen the cluster's current revision, then asserts it holds exactly what a direct read holds.</summary>
    public static async Task AssertConvergedAsync(EtcdDictionary mirror, EtcdClient client)
    {
        var (items, revision, lastModRevision) = await ReadAsync(client, mirror.Prefix);
        using var deadline = Deadline();
        await mirror.WaitForRevisionAsync(revision, deadline.Token);
        Assert.Equal(items.OrderBy(p => p.Key, StringComparer.Ordinal), mirror.Snapshot.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.True(mirror.Revision >= lastModRevision, $"mirror revision {mirror.Revision} < last mod revision {lastModRevision}");
        Assert.True(mirror.Revision <= revision);
        Assert.True(mirror.Health.ObservedRevision >= revision);
    }
}

/// <summary>Every version a mirror published, with its revision, and the checks of their order.</summary>
internal sealed class VersionLog : IDisposable
{
    private readonly List<(long Version, EtcdSnapshot Snapshot)> _versions = [];
    private readonly IDisposable _subscription;

    public VersionLog(EtcdDictionary mirror)
    {
        First = mirror.Current;
        _subscription = mirror.Snapshots.Subscribe(change =>
        {
            lock (_versions)
            {
                _versions.Add((change.Version, change.NewSnapshot));
            }
        });
    }

    public EtcdSnapshot First { get; }

    public List<(long Version, EtcdSnapshot Snapshot)> Versions
    {
        get
        {
            lock (_versions)
            {
                return [.. _versions];
            }
        }
    }

    public IEnumerable<long> PublishedRevisions => Versions.Select(v => v.Snapshot.Revision);

    /// <summary>Versions gap-free from 1, revisions strictly increasing.</summary>
    public void AssertOrdered()
    {
        var versions = Versions;
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions.Select(v => v.Version));
        var previous = First.Revision;
        foreach (var (version, snapshot) in versions)
        {
            Assert.True(snapshot.Revision > previous, $"version {version} has revision {snapshot.Revision}, not above {previous}");
            previous = snapshot.Revision;
        }
    }

    /// <summary>Every revision in <paramref name="expected"/> (the writes that touched the prefix) was published, once.</summary>
    public void AssertPublishedEach(IEnumerable<long> expected)
    {
        var published = PublishedRevisions.ToHashSet();
        var missing = expected.Where(r => !published.Contains(r)).ToList();
        Assert.True(missing.Count == 0, $"revisions touching the prefix never published: {Revisions.Format(missing)}; published: {Revisions.Format(PublishedRevisions)}");
    }

    public void Dispose() => _subscription.Dispose();
}
