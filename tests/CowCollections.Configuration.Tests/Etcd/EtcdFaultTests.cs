using System.Diagnostics;
using System.Globalization;
using CowCollections.Etcd;
using static CowCollections.Configuration.Tests.Etcd.EtcdTestSupport;

namespace CowCollections.Configuration.Tests.Etcd;

/// <summary>
/// The mirror and the distributed Update while members are killed, restarted, stopped mid-watch, while the
/// leader moves and while history is compacted; writers in other processes. Each test leaves every member running.
/// </summary>
[Collection("etcd")]
public sealed class EtcdFaultTests(EtcdCluster cluster)
{
    [SkippableFact]
    public async Task MemberKilledWhileHistoryIsCompacted_MirrorResyncsAsOneVersionWithItsDiff()
    {
        cluster.Require();
        using var watched = cluster.NewClient(0);
        using var writer = cluster.NewClient(1);
        var prefix = NewPrefix("compaction");
        await PutAsync(writer, prefix + "keep", "1");
        await PutAsync(writer, prefix + "change", "old");
        await PutAsync(writer, prefix + "drop", "x");
        await using var mirror = await EtcdDictionary.StartAsync(watched, prefix, FastOptions);
        using var log = new VersionLog(mirror);
        var before = mirror.Current;

        // The mirror's only member is down while the prefix changes and history is compacted. A restarted
        // member serves clients only after it applied the entries it missed, so the mirror's watch resumes on a
        // compacted revision.
        cluster.Kill(0);
        try
        {
            Wait.For(() => !mirror.Health.IsConnected, TestTimeout, "the mirror to notice the lost member");
            await PutAsync(writer, prefix + "change", "new");
            await DeleteAsync(writer, prefix + "drop");
            await PutAsync(writer, prefix + "added", "y");
            var last = await PutAsync(writer, "cow-test/elsewhere/compaction", "noise");
            await cluster.CompactAsync(last, via: 1);
        }
        finally
        {
            cluster.Restart(0);
            cluster.WaitHealthy();
        }

        await AssertConvergedAsync(mirror, writer);
        var health = mirror.Health;
        Assert.True(health.Resyncs >= 1, "the watch should have met the compaction");
        Assert.True(health.Reconnects >= 1);
        var resynced = Assert.Single(log.Versions).Snapshot;
        Assert.Equal(
            ["Added added: y", "Changed change: old -> new", "Removed drop: x"],
            before.Items.Diff(resynced.Items).Select(d => d.ToString()).Order(StringComparer.Ordinal));
        Assert.True(resynced.Revision >= health.AppliedRevision);
    }

    [SkippableFact]
    public async Task RollingKillAndRestartOfEveryMember_MirrorReconnectsAndMissesNoRevision()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("rolling");
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        using var log = new VersionLog(mirror);
        var written = new List<long>();
        for (var member = 0; member < cluster.Count; member++)
        {
            using var writer = cluster.NewClient((member + 1) % cluster.Count);
            written.Add(await PutAsync(writer, prefix + "before-kill", $"{member}"));
            cluster.Kill(member);
            try
            {
                for (var i = 0; i < 5; i++)
                {
                    written.Add(await PutAsync(writer, prefix + $"k{i}", $"{member}-{i}"));
                }
            }
            finally
            {
                cluster.Restart(member);
                cluster.WaitHealthy();
            }
        }

        await AssertConvergedAsync(mirror, client);
        log.AssertOrdered();
        log.AssertPublishedEach(written);

        // A write retried through a member failure may have committed twice: etcd's history is the reference.
        Assert.Equal(await HistoryAsync(client, prefix, log.First.Revision, written[^1]), log.PublishedRevisions);
        Assert.True(mirror.Health.Reconnects >= 1, "the member serving the watch was killed at some point");
    }

    [SkippableFact]
    public async Task EachMemberStoppedInTurn_MirrorMovesToAnAnsweringMember_AndMissesNoRevision()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("stopped");
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        using var log = new VersionLog(mirror);
        var errors = new HashSet<string>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                if (mirror.Health.LastError is { } error)
                {
                    lock (errors)
                    {
                        errors.Add(error.GetType().Name);
                    }
                }

                await Task.Delay(20);
            }
        });
        var written = new List<long>();
        for (var member = 0; member < cluster.Count; member++)
        {
            using var writer = cluster.NewClient((member + 1) % cluster.Count);
            cluster.Stop(member);
            try
            {
                for (var i = 0; i < 8; i++)
                {
                    written.Add(await PutAsync(writer, prefix + $"k{i % 3}", $"{member}-{i}"));
                    await Task.Delay(250);
                }
            }
            finally
            {
                cluster.Continue(member);
            }
        }

        cluster.WaitHealthy();
        await AssertConvergedAsync(mirror, client);
        log.AssertOrdered();
        log.AssertPublishedEach(written);
        Assert.Equal(await HistoryAsync(client, prefix, log.First.Revision, written[^1]), log.PublishedRevisions);
        Assert.True(mirror.Health.Reconnects >= 1, "the member serving the watch was stopped at some point");
        await sampling.CancelAsync();
        await sampler;
        lock (errors)
        {
            // A stopped member keeps its connections open: only the mirror's silence timeout notices it.
            Assert.Contains(nameof(TimeoutException), errors);
        }
    }

    [SkippableFact]
    public async Task LeaderMovedAndLeaderKilled_MirrorAndUpdatesCarryOn()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("leader");
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        using var log = new VersionLog(mirror);
        using var deadline = Deadline();

        var first = await cluster.LeaderAsync();
        await mirror.UpdateAsync(EtcdDictionaryTests.Increment, deadline.Token);
        var target = (first + 1) % cluster.Count;
        await cluster.MoveLeaderAsync(target);
        Wait.For(() => cluster.LeaderAsync().GetAwaiter().GetResult() == target, TestTimeout, "the leader to move");
        await mirror.UpdateAsync(EtcdDictionaryTests.Increment, deadline.Token);

        cluster.Kill(target);
        var unknown = 0;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                try
                {
                    await mirror.UpdateAsync(EtcdDictionaryTests.Increment, deadline.Token);
                }
                catch (EtcdCommitUnknownException)
                {
                    unknown++;
                }
            }
        }
        finally
        {
            cluster.Restart(target);
            cluster.WaitHealthy();
        }

        Assert.NotEqual(target, await cluster.LeaderAsync());
        await AssertConvergedAsync(mirror, client);
        var counter = int.Parse(mirror.Snapshot["counter"], CultureInfo.InvariantCulture);
        Assert.InRange(counter, 5 - unknown, 5);
        log.AssertOrdered();
    }

    [SkippableFact]
    public async Task UpdateIncrementsFromSeveralProcessesAndThreads_WhileAMemberIsKilled_LoseNothing()
    {
        cluster.Require();
        using var client = cluster.NewClient();
        var prefix = NewPrefix("processes");
        const int perWriter = 12;
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, FastOptions);
        using var log = new VersionLog(mirror);
        using var deadline = Deadline();

        var children = Enumerable.Range(0, 2).Select(_ => StartIncrementer(prefix, perWriter)).ToList();
        var threadResults = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var outcome = (Committed: new List<long>(), Unknown: 0);
            for (var i = 0; i < perWriter; i++)
            {
                if (i == perWriter / 2 && Interlocked.Increment(ref _killer) == 1)
                {
                    cluster.Kill(2);
                }

                try
                {
                    outcome.Committed.Add(await mirror.UpdateAsync(EtcdDictionaryTests.Increment, deadline.Token));
                }
                catch (EtcdCommitUnknownException)
                {
                    outcome.Unknown++;
                }
            }

            return outcome;
        })));
        cluster.Restart(2);
        cluster.WaitHealthy();

        var committed = threadResults.SelectMany(r => r.Committed).ToList();
        var unknown = threadResults.Sum(r => r.Unknown);
        foreach (var child in children)
        {
            using (child)
            {
                var output = await child.StandardOutput.ReadToEndAsync(deadline.Token);
                await child.WaitForExitAsync(deadline.Token);
                Assert.True(child.ExitCode == 0, $"writer process failed: {await child.StandardError.ReadToEndAsync(deadline.Token)}");
                var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(perWriter, lines.Length);
                committed.AddRange(lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).Select(l => long.Parse(l["committed ".Length..], CultureInfo.InvariantCulture)));
                unknown += lines.Count(l => l == "unknown");
            }
        }

        await AssertConvergedAsync(mirror, client);
        var counter = int.Parse(mirror.Snapshot["counter"], CultureInfo.InvariantCulture);

        // Every committed increment is in the counter exactly once (each at its own revision); an increment
        // whose outcome was reported unknown may or may not be.
        Assert.Equal(committed.Count, committed.Distinct().Count());
        Assert.InRange(counter, committed.Count, committed.Count + unknown);
        Assert.Equal(4 * perWriter, committed.Count + unknown);
        log.AssertOrdered();
        log.AssertPublishedEach(committed);
    }

    private static int _killer;

    private Process StartIncrementer(string prefix, int count)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("etcd-increment");
        start.ArgumentList.Add(cluster.ConnectionString);
        start.ArgumentList.Add(prefix);
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("the writer process did not start");
    }
}
