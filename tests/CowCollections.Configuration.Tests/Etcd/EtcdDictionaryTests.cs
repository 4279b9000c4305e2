using CowCollections.Etcd;
using Etcdserverpb;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using static CowCollections.Configuration.Tests.Etcd.EtcdTestSupport;

namespace CowCollections.Configuration.Tests.Etcd;

/// <summary>The mirror against a real three-member cluster, without faults.</summary>
[Collection("etcd")]
public sealed class EtcdDictionaryTests(EtcdCluster cluster)
{
    [SkippableFact]
    public async Task StartUp_ReadsOnceThenPublishesEveryLaterRevisionOfThePrefixOnce_AndSkipsOtherKeys()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("startup");
        await PutAsync(client, prefix + "a", "1");
        await PutAsync(client, prefix + "b", "2");
        await PutAsync(client, prefix[..^1] + "x/outside", "not mirrored");

        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        Assert.Equal(0, mirror.Version);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, mirror.Snapshot.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
        using var log = new VersionLog(mirror);

        var touching = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            touching.Add(await PutAsync(client, prefix + $"k{i % 4}", $"v{i}"));
            await PutAsync(client, "cow-test/elsewhere/" + i, "noise");
            if (i % 5 == 4)
            {
                touching.Add(await DeleteAsync(client, prefix + $"k{i % 4}"));
            }
        }

        // A put of an unchanged value is a revision of the prefix too: a version with an empty Diff.
        touching.Add(await PutAsync(client, prefix + "a", "1"));
        await AssertConvergedAsync(mirror, client);

        log.AssertOrdered();
        Assert.Equal(touching, log.PublishedRevisions);
        Assert.Equal(touching.Count, mirror.Version);
        Assert.True(mirror.Current.TryGetModRevision("a", out var modRevision));
        Assert.Equal(touching[^1], modRevision);
        var last = log.Versions[^1].Snapshot;
        Assert.Empty(log.Versions[^2].Snapshot.Items.Diff(last.Items));
        Assert.True(mirror.Health.IsConnected);
    }

    [SkippableFact]
    public async Task MultiKeyTransactions_AreOneVersionEach_AndNoReaderOrSubscriberSeesHalfOfOne()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("txn");
        const int keys = 40;
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        using var log = new VersionLog(mirror);
        var torn = new List<string>();
        void Check(PersistentDictionary<string, string> items, string who)
        {
            if (items.Count != 0 && (items.Count != keys || items.Values.Distinct().Count() != 1))
            {
                lock (torn)
                {
                    torn.Add($"{who}: {items.Count} keys, values {string.Join(",", items.Values.Distinct())}");
                }
            }
        }

        using var subscription = mirror.Subscribe(change => Check(change.NewSnapshot, $"version {change.Version}"));
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Check(mirror.Snapshot, "reader");
            }
        });
        reader.Start();

        var revisions = new List<long>();
        for (var g = 1; g <= 15; g++)
        {
            var revision = await mirror.SetItemsAsync(Enumerable.Range(0, keys).Select(k => KeyValuePair.Create($"k{k}", $"g{g}")));
            revisions.Add(revision);

            // SetItemsAsync returns once this mirror shows the write.
            Assert.True(mirror.Revision >= revision);
            Assert.Equal($"g{g}", mirror.Snapshot["k0"]);
        }

        stop.Cancel();
        Assert.True(reader.Join(TestTimeout));
        lock (torn)
        {
            Assert.Empty(torn);
        }

        Assert.Equal(revisions, log.PublishedRevisions);
        log.AssertOrdered();
        await AssertConvergedAsync(mirror, client);
    }

    [SkippableFact]
    public async Task TwoMirrorsOfOnePrefix_PublishTheSameRevisionsWithTheSameContent()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        using var other = cluster.NewClient(2);
        var prefix = NewPrefix("two");
        await using var first = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        await using var second = await EtcdDictionary.StartAsync(other, prefix, FastOptions);
        using var firstLog = new VersionLog(first);
        using var secondLog = new VersionLog(second);

        for (var i = 0; i < 10; i++)
        {
            await first.SetItemsAsync([KeyValuePair.Create("n", $"{i}"), KeyValuePair.Create($"k{i}", "x")]);
        }

        await AssertConvergedAsync(first, client);
        await AssertConvergedAsync(second, other);
        Assert.Equal(firstLog.PublishedRevisions, secondLog.PublishedRevisions);
        Assert.Equal(
            firstLog.Versions.Select(v => string.Join(";", v.Snapshot.Items.OrderBy(p => p.Key, StringComparer.Ordinal))),
            secondLog.Versions.Select(v => string.Join(";", v.Snapshot.Items.OrderBy(p => p.Key, StringComparer.Ordinal))));
    }

    [SkippableFact]
    public async Task UpdateFromThreads_EachIncrementCommittedOnce_NoneLost()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("update-threads");
        const int threads = 4;
        const int increments = 15;
        await using var shared = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        var mirrors = new List<EtcdDictionary> { shared };
        for (var i = 1; i < threads; i++)
        {
            mirrors.Add(await EtcdDictionary.StartAsync(client, prefix, FastOptions));
        }

        try
        {
            using var deadline = Deadline();
            var committed = await Task.WhenAll(mirrors.Select(mirror => Task.Run(async () =>
            {
                var revisions = new List<long>();
                for (var i = 0; i < increments; i++)
                {
                    revisions.Add(await mirror.UpdateAsync(Increment, deadline.Token));
                }

                return revisions;
            })));

            foreach (var mirror in mirrors)
            {
                await AssertConvergedAsync(mirror, client);
                Assert.Equal((threads * increments).ToString(System.Globalization.CultureInfo.InvariantCulture), mirror.Snapshot["counter"]);
            }

            Assert.Equal(threads * increments, committed.SelectMany(r => r).Distinct().Count());
        }
        finally
        {
            foreach (var mirror in mirrors.Skip(1))
            {
                await mirror.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Update_ThatChangesNothing_CommitsNothing_AndRemovalsAreCommitted()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("update-nothing");
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        var written = await mirror.SetItemsAsync([KeyValuePair.Create("a", "1"), KeyValuePair.Create("b", "2")]);
        var version = mirror.Version;

        Assert.Equal(written, await mirror.UpdateAsync(d => d));
        Assert.Equal(written, await mirror.UpdateAsync(d => d.SetItem("a", "1")));
        Assert.Equal(version, mirror.Version);

        var removed = await mirror.UpdateAsync(d => d.Remove("a").SetItem("c", "3"));
        Assert.True(removed > written);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, (await ReadAsync(client, prefix)).Items);
        Assert.Equal(version + 1, mirror.Version);
        await Assert.ThrowsAsync<InvalidOperationException>(() => mirror.UpdateAsync(_ => null!));
    }

    [SkippableFact]
    public async Task AddEtcd_ConfigurationFollowsTheMirror_WithSlashesAsSections_AndOneSnapshotVersionPerRevision()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("provider");
        await PutAsync(client, prefix + "Db/Host", "db1");
        using var root = (ConfigurationRoot)new ConfigurationBuilder().AddEtcd(client, prefix, FastOptions).Build();
        Assert.Equal("db1", root["Db:Host"]);
        var provider = Assert.IsType<EtcdConfigurationProvider>(Assert.Single(root.Providers));
        var mirror = provider.Mirror!;
        using var snapshot = root.ToSnapshot();
        var diffs = new List<string>();
        using var subscription = snapshot.Subscribe(change =>
        {
            lock (diffs)
            {
                diffs.AddRange(change.Diff().Select(d => d.ToString()));
            }
        });

        await mirror.SetItemsAsync([KeyValuePair.Create("Db/Host", "db2"), KeyValuePair.Create("Db/Port", "5432")]);
        Wait.For(() => snapshot.Version == 1, TestTimeout, "the configuration snapshot to follow the etcd revision");
        Assert.Equal("db2", root["db:host"]);

        // A change is delivered after it is published (possibly on another thread): wait for the delivery too.
        Wait.For(() => { lock (diffs) { return diffs.Count >= 2; } }, TestTimeout, "the subscriber to receive the change");
        lock (diffs)
        {
            Assert.Equal(["Added Db:Port: 5432", "Changed Db:Host: db1 -> db2"], diffs.Order(StringComparer.Ordinal));
        }

        // The configuration root disposes the provider, which disposes the mirror it started.
        root.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => mirror.WaitForRevisionAsync(long.MaxValue));
    }

    internal static PersistentDictionary<string, string> Increment(PersistentDictionary<string, string> items)
    {
        var current = items.TryGetValue("counter", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return items.SetItem("counter", (current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
