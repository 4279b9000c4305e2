using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace CowCollections.Configuration.Tests.Configuration;

/// <summary>
/// <see cref="ConfigurationSnapshot"/> against the real providers: the JSON file provider with
/// <c>reloadOnChange: true</c> edited on disk, environment variables and the in-memory provider.
/// </summary>
public sealed class ConfigurationSnapshotTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Longer than the file provider's reload delay (250 ms) plus a second change event.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(1200);

    [Fact]
    public void Snapshot_HoldsExactlyThePairsOfAsEnumerable_ForARootOfSeveralProviders()
    {
        using var file = new TempJsonFile("""{ "Db": { "Host": "a", "Port": "5432" }, "Name": "json", "Tags": [ "x", "y" ] }""");
        var prefix = "COWCFG_" + Guid.NewGuid().ToString("N")[..8] + "_";
        var variable = prefix + "Name";
        Environment.SetEnvironmentVariable(variable, "env");
        try
        {
            using var root = (ConfigurationRoot)new ConfigurationBuilder()
                .AddJsonFile(file.Path, optional: false, reloadOnChange: false)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["db:port"] = "6543", ["Empty"] = null })
                .AddEnvironmentVariables(prefix)
                .Build();
            using var snapshot = root.ToSnapshot();

            var expected = root.AsEnumerable().ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(expected.Count, snapshot.Snapshot.Count);
            foreach (var (key, value) in expected)
            {
                Assert.True(snapshot.Snapshot.TryGetValue(key, out var actual), key);
                Assert.Equal(value, actual);
            }

            // The configuration's own comparer: lookups ignore case, and a later provider wins per key.
            Assert.Equal("6543", snapshot["DB:PORT"]);
            Assert.Equal(root["Tags:1"], snapshot["tags:1"]);
            Assert.Equal("env", snapshot["name"]);
            Assert.Equal(0, snapshot.Version);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void SectionSnapshot_HasTheKeysOfAsEnumerableRelativeToTheSection()
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["App:Db:Host"] = "h", ["App:Name"] = "n", ["Other"] = "o" })
            .Build();
        var section = root.GetSection("App");
        using var snapshot = section.ToSnapshot();

        var expected = section.AsEnumerable(makePathsRelative: true).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, snapshot.Snapshot.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
        Assert.Equal("h", snapshot["Db:Host"]);
        Assert.False(snapshot.Snapshot.ContainsKey("Other"));
    }

    [Fact]
    public void JsonFileEditedInPlace_PublishesOneVersionPerRealChange_WithItsDiff()
    {
        using var file = new TempJsonFile("""{ "Timeout": "30", "Retries": "3" }""");
        using var root = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(file.Path, optional: false, reloadOnChange: true).Build();
        using var snapshot = root.ToSnapshot();
        var reloads = 0;
        using var raw = ChangeToken.OnChange(root.GetReloadToken, () => Interlocked.Increment(ref reloads));
        var changes = new List<SnapshotChange<PersistentDictionary<string, string?>>>();
        using var subscription = snapshot.Subscribe(change => { lock (changes) { changes.Add(change); } });

        file.WriteInPlace("""{ "Timeout": "60", "Retries": "3", "Mode": "fast" }""");
        Wait.For(() => snapshot.Version == 1, Timeout, "the first edit");
        Wait.Settle(Quiet);
        file.WriteInPlace("""{ "Timeout": "60", "Mode": "fast" }""");
        Wait.For(() => snapshot.Version == 2, Timeout, "the second edit");
        Wait.Settle(Quiet);

        Assert.Equal(2, snapshot.Version);
        Assert.True(Volatile.Read(ref reloads) >= 2, $"the provider reloaded {reloads} times");
        lock (changes)
        {
            Assert.Equal([1L, 2L], changes.Select(c => c.Version));
            Assert.Equal(
                ["Added Mode: fast", "Changed Timeout: 30 -> 60"],
                changes[0].Diff().Select(d => d.ToString()).Order(StringComparer.Ordinal));
            Assert.Equal(["Removed Retries: 3"], changes[1].Diff().Select(d => d.ToString()));
            Assert.Same(changes[0].NewSnapshot, changes[1].OldSnapshot);
        }
    }

    [Fact]
    public void JsonFileSavedByWriteAndRename_PublishesOneVersionPerSave()
    {
        using var file = new TempJsonFile("""{ "Level": "Info" }""");
        using var root = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(file.Path, optional: false, reloadOnChange: true).Build();
        using var snapshot = root.ToSnapshot();
        var versions = new List<long>();
        using var subscription = snapshot.Subscribe(change => { lock (versions) { versions.Add(change.Version); } });

        file.WriteRename("""{ "Level": "Debug" }""");
        Wait.For(() => snapshot["Level"] == "Debug", Timeout, "the renamed file to be loaded");
        Wait.Settle(Quiet);
        file.WriteRename("""{ "Level": "Warning" }""");
        Wait.For(() => snapshot["Level"] == "Warning", Timeout, "the second renamed file to be loaded");
        Wait.Settle(Quiet);

        lock (versions)
        {
            Assert.Equal([1L, 2L], versions);
        }
    }

    [Fact]
    public void JsonFileRewrittenWithTheSameContent_ReloadsButPublishesNoVersion()
    {
        const string json = """{ "A": "1", "B": { "C": "2" } }""";
        using var file = new TempJsonFile(json);
        using var root = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(file.Path, optional: false, reloadOnChange: true).Build();
        using var snapshot = root.ToSnapshot();
        var reloads = 0;
        using var raw = ChangeToken.OnChange(root.GetReloadToken, () => Interlocked.Increment(ref reloads));

        file.WriteInPlace(json);
        file.WriteRename(json);
        Wait.For(() => Volatile.Read(ref reloads) >= 1, Timeout, "the provider to reload");
        Wait.Settle(Quiet);

        Assert.Equal(0, snapshot.Version);
    }

    [Fact]
    public void JsonFileOfManyKeysSavedRepeatedly_NoReaderOrSubscriberEverSeesTwoGenerationsInOneVersion()
    {
        const int keys = 200;
        const int saves = 12;
        static string Generation(int g) =>
            "{" + string.Join(",", Enumerable.Range(0, keys).Select(k => $"\"K{k}\": \"{g}\"")) + "}";

        using var file = new TempJsonFile(Generation(0));
        using var root = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(file.Path, optional: false, reloadOnChange: true).Build();
        using var snapshot = root.ToSnapshot();
        var torn = new List<string>();
        void Check(PersistentDictionary<string, string?> version, string who)
        {
            var generations = version.Values.Distinct().ToList();
            if (version.Count != keys || generations.Count != 1)
            {
                lock (torn)
                {
                    torn.Add($"{who}: {version.Count} keys, generations {string.Join(",", generations)}");
                }
            }
        }

        using var subscription = snapshot.Subscribe(change => Check(change.NewSnapshot, $"version {change.Version}"));
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Check(snapshot.Snapshot, "reader");
            }
        });
        reader.Start();

        for (var g = 1; g <= saves; g++)
        {
            file.WriteRename(Generation(g));
            Thread.Sleep(g % 3 == 0 ? 5 : 120);
        }

        Wait.For(() => snapshot["K0"] == saves.ToString(System.Globalization.CultureInfo.InvariantCulture), Timeout, "the last save");
        stop.Cancel();
        Assert.True(reader.Join(Timeout));

        lock (torn)
        {
            Assert.Empty(torn);
        }

        Assert.InRange(snapshot.Version, 1, saves);
        Check(snapshot.Snapshot, "final");
    }

    [Fact]
    public void EnvironmentVariables_ReloadOfTheRootPublishesTheChangedVariable()
    {
        var prefix = "COWCFG_" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(prefix + "Feature__Enabled", "false");
        try
        {
            var root = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            using var snapshot = root.ToSnapshot();
            Assert.Equal("false", snapshot["Feature:Enabled"]);

            root.Reload();
            Assert.Equal(0, snapshot.Version);

            Environment.SetEnvironmentVariable(prefix + "Feature__Enabled", "true");
            Environment.SetEnvironmentVariable(prefix + "Feature__Limit", "10");
            root.Reload();

            Assert.Equal(1, snapshot.Version);
            Assert.Equal("true", snapshot["feature:enabled"]);
            Assert.Equal("10", snapshot["Feature:Limit"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Feature__Enabled", null);
            Environment.SetEnvironmentVariable(prefix + "Feature__Limit", null);
        }
    }

    [Fact]
    public void InMemoryProvider_ChangesArePublishedOnReload_AsOneVersionWithTheirDiff()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["A"] = "1", ["B"] = "2" }).Build();
        using var snapshot = root.ToSnapshot();
        SnapshotChange<PersistentDictionary<string, string?>>? seen = null;
        using var subscription = snapshot.Subscribe(change => seen = change);

        root["A"] = "10";
        root["C"] = "3";
        Assert.Equal(0, snapshot.Version);
        root.Reload();

        Assert.Equal(1, snapshot.Version);
        Assert.NotNull(seen);
        Assert.Equal(["Added C: 3", "Changed A: 1 -> 10"], seen.Value.Diff().Select(d => d.ToString()).Order(StringComparer.Ordinal));

        root.Reload();
        Assert.Equal(1, snapshot.Version);
    }

    [Fact]
    public void ReloadOfManyKeys_ConcurrentReadersSeeAllOfItOrNoneOfIt()
    {
        const int keys = 300;
        const int reloads = 200;
        var initial = Enumerable.Range(0, keys).ToDictionary(k => $"K{k}", _ => (string?)"0");
        var root = new ConfigurationBuilder().AddInMemoryCollection(initial).Build();
        using var snapshot = root.ToSnapshot();
        var torn = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var version = snapshot.Snapshot;
                if (version.Values.Distinct().Count() != 1)
                {
                    Interlocked.Increment(ref torn);
                }
            }
        })).ToArray();
        foreach (var reader in readers)
        {
            reader.Start();
        }

        for (var g = 1; g <= reloads; g++)
        {
            var value = g.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var k = 0; k < keys; k++)
            {
                root[$"K{k}"] = value;
            }

            root.Reload();
        }

        stop.Cancel();
        Assert.All(readers, reader => Assert.True(reader.Join(Timeout)));
        Assert.Equal(0, torn);
        Assert.Equal(reloads, snapshot.Version);
    }

    [Fact]
    public void Dispose_StopsFollowingReloads_AndKeepsTheLastVersion()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["A"] = "1" }).Build();
        var snapshot = root.ToSnapshot();
        root["A"] = "2";
        root.Reload();
        snapshot.Dispose();
        snapshot.Dispose();
        root["A"] = "3";
        root.Reload();

        Assert.Equal(1, snapshot.Version);
        Assert.Equal("2", snapshot["A"]);
    }

    [Fact]
    public void ArgumentChecks_NameTheParameter()
    {
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => ConfigurationSnapshotExtensions.ToSnapshot(null!)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => ConfigurationSnapshotExtensions.Bind<object>(null!)).ParamName);
        using var snapshot = new ConfigurationBuilder().Build().ToSnapshot();
        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => snapshot.Subscribe((Action<SnapshotChange<PersistentDictionary<string, string?>>>)null!)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => snapshot[null!]).ParamName);
        var view = snapshot.Bind<object>();
        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => view.Subscribe((Action<SnapshotChange<object>>)null!)).ParamName);
        Assert.Equal("onError", Assert.Throws<ArgumentNullException>(() => view.Subscribe(_ => { }, null!)).ParamName);
        Assert.Equal("version", Assert.Throws<ArgumentNullException>(() => view.Get(null!)).ParamName);
    }
}
