using System.Diagnostics;
using System.Globalization;
using CowCollections.Segments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace CowCollections.Configuration.Tests.Configuration;

/// <summary>
/// <c>AddSegmentFile(path, rootName)</c>: a dictionary root of a segment file as configuration, reloaded once per
/// commit, including commits made by another process.
/// </summary>
public sealed class SegmentFileConfigurationTests : IDisposable
{
    private const string Root = "app";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Fast polling and no file-change notifications, so every wake-up in these tests is the timer's or an explicit one.</summary>
    private static readonly SegmentWatchOptions Polling = new() { PollingInterval = TimeSpan.FromMilliseconds(20), UseFileSystemEvents = false };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cow-segcfg-" + Guid.NewGuid().ToString("N"));

    public SegmentFileConfigurationTests()
    {
        Directory.CreateDirectory(_directory);
    }

    private string FilePath => Path.Combine(_directory, "settings.seg");

    /// <summary>
    /// The writer of the cross-process test (also run in a child process): commits <paramref name="versions"/>
    /// versions of root <paramref name="root"/>, version i holding <c>Version</c>, <c>Pair:A</c>, <c>Pair:B</c> and
    /// 40 <c>Filler:k</c> keys all equal to i, so a reader that mixed two commits would see unequal values.
    /// </summary>
    internal static void WriteVersions(string path, string root, int versions)
    {
        using var file = SegmentFile.OpenWrite(path);
        var items = PersistentDictionary.Create<string, string?>();
        for (var i = 1; i <= versions; i++)
        {
            var value = i.ToString(CultureInfo.InvariantCulture);
            var builder = items.ToBuilder();
            builder["Version"] = value;
            builder["Pair:A"] = value;
            builder["Pair:B"] = value;
            for (var k = 0; k < 40; k++)
            {
                builder["Filler:" + k.ToString(CultureInfo.InvariantCulture)] = value;
            }

            items = builder.ToImmutable();
            file.Commit(root, items);
            Thread.Sleep(2);
        }
    }

    [Fact]
    public void Configuration_IsTheRootOfTheNewestCommit_AndReloadsOncePerCommit()
    {
        using var file = SegmentFile.OpenWrite(FilePath);
        file.Commit(Root, Items(("Db:Host", "a"), ("Db:Port", "5432"), ("Name", null)));
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, Root, Polling).Build();
        var provider = configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single();

        Assert.Equal("a", configuration["db:host"]);
        Assert.Equal("5432", configuration.GetSection("Db")["Port"]);
        Assert.Null(configuration["Name"]);
        Assert.Equal(["Db", "Name"], configuration.GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(file.Current.Commit.Number, provider.Commit!.Number);

        var reloads = 0;
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () => Interlocked.Increment(ref reloads));
        var second = file.Commit(Root, Items(("Db:Host", "b"), ("Db:Port", "5432")));
        Wait.For(() => configuration["Db:Host"] == "b", Timeout, "the second commit");
        Assert.Equal(second.Number, provider.Commit!.Number);
        Assert.Null(configuration["Name"]);
        Wait.Settle(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, Volatile.Read(ref reloads));
        Assert.Null(provider.LastError);
    }

    [Fact]
    public void ThePerHostSampleOfTheDocs_PrintsWhatItsCommentsSay()
    {
        var lines = new List<string>();
        using var writer = SegmentFile.OpenWrite(FilePath);
        var first = writer.Commit("my-service", PersistentDictionary.CreateRange(new Dictionary<string, string?> { ["Db:Timeout"] = "30" }));
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, "my-service").Build();
        var watcher = configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single().Watcher!;
        using var settings = configuration.ToSnapshot();
        using var changes = settings.Subscribe(change =>
        {
            foreach (var entry in change.Diff()) lines.Add(entry.ToString());
        });

        writer.Commit("my-service", writer.Current.GetDictionary<string, string?>("my-service").SetItem("Db:Timeout", "60"));
        watcher.Poll();
        lines.Add(configuration["Db:Timeout"]!);
        writer.Commit("my-service", writer.OpenCommit(first.Number).GetDictionary<string, string?>("my-service"));
        watcher.Poll();
        lines.Add(configuration["Db:Timeout"]!);

        Assert.Equal(["Changed Db:Timeout: 30 -> 60", "60", "Changed Db:Timeout: 60 -> 30", "30"], lines);
    }

    [Fact]
    public void EachCommit_IsLoadedOnce_InCommitOrder()
    {
        using var file = SegmentFile.OpenWrite(FilePath);
        file.Commit(Root, Items(("Counter", "0")));
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, Root, new SegmentWatchOptions { PollingInterval = System.Threading.Timeout.InfiniteTimeSpan, UseFileSystemEvents = false }).Build();
        var provider = configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single();
        var seen = new List<string?>();
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () => seen.Add(configuration["Counter"]));

        for (var i = 1; i <= 5; i++)
        {
            file.Commit(Root, Items(("Counter", i.ToString(CultureInfo.InvariantCulture))));
        }

        // No timer and no notifications: nothing is loaded until a poll, which then delivers the five commits in order.
        Assert.Equal("0", configuration["Counter"]);
        Assert.True(provider.Watcher!.Poll());
        Assert.Equal(["1", "2", "3", "4", "5"], seen);
        Assert.Equal(file.Current.Commit.Number, provider.Commit!.Number);
    }

    [Fact]
    public void ACommitWrittenByAnotherProcess_IsSeenWhole_AndInOrder()
    {
        const int Versions = 150;

        // The file must exist with the root before the configuration is built.
        long first;
        using (var file = SegmentFile.OpenWrite(FilePath))
        {
            first = file.Commit(Root, Items(("Version", "0"), ("Pair:A", "0"), ("Pair:B", "0"))).Number;
        }

        using var configuration = (ConfigurationRoot)new ConfigurationBuilder()
            .AddSegmentFile(FilePath, Root, new SegmentWatchOptions { PollingInterval = TimeSpan.FromMilliseconds(15) })
            .Build();
        var provider = configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single();
        var reloadedCommits = new List<long>();
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            lock (reloadedCommits)
            {
                reloadedCommits.Add(provider.Commit!.Number);
            }
        });

        var checkedReads = 0;
        var torn = new List<string>();
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            var last = 0;
            while (!stop.IsCancellationRequested)
            {
                // Commits replace each other whole and in order, so values read one after another never decrease:
                // a reload applied key by key would show a later key older than an earlier one, in one order or
                // the other.
                var a = Number(configuration["Pair:A"]);
                var b = Number(configuration["Pair:B"]);
                var filler = Number(configuration["Filler:39"] ?? "0");
                var version = Number(configuration["Version"]);
                var again = Number(configuration["Pair:A"]);
                checkedReads++;
                if (!(last <= a && a <= b && b <= version && filler <= version && version <= again))
                {
                    torn.Add($"after {last}: Pair:A={a}, Pair:B={b}, Filler:39={filler}, Version={version}, Pair:A={again}");
                }

                last = again;
            }
        });
        reader.Start();

        using var writer = StartWriter(Versions);
        Assert.True(writer.WaitForExit(60_000), "the writer process did not finish within 60 s");
        string output = writer.StandardOutput.ReadToEnd();
        Assert.True(writer.ExitCode == 0, "the writer process failed: " + output + writer.StandardError.ReadToEnd());

        Wait.For(() => configuration["Version"] == Versions.ToString(CultureInfo.InvariantCulture), Timeout, "the last commit of the other process");
        stop.Cancel();
        reader.Join();

        Assert.Empty(torn);
        Assert.True(checkedReads > 0, "the reader never read");
        lock (reloadedCommits)
        {
            Assert.NotEmpty(reloadedCommits);
            Assert.True(reloadedCommits.SequenceEqual(reloadedCommits.Order()), "reloads went back in commit order: " + string.Join(", ", reloadedCommits));
        }

        Assert.Equal(first + Versions, provider.Commit!.Number);
        Assert.Null(provider.LastError);
    }

    [Fact]
    public void RollingBack_CommitsAnOlderVersionAgain_AndReadersReloadIt()
    {
        using var file = SegmentFile.OpenWrite(FilePath);
        var good = file.Commit(Root, Items(("Feature:Enabled", "false"), ("Timeout", "30")));
        file.Commit(Root, Items(("Feature:Enabled", "true"), ("Timeout", "5")));
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, Root, Polling).Build();
        Assert.Equal("5", configuration["Timeout"]);

        // History stays in the file: take the dictionary of the good commit and commit it again.
        file.Commit(Root, file.OpenCommit(good.Number).GetDictionary<string, string?>(Root));

        Wait.For(() => configuration["Timeout"] == "30", Timeout, "the rolled-back commit");
        Assert.Equal("false", configuration["Feature:Enabled"]);
    }

    [Fact]
    public void ACommitWithoutTheRoot_LoadsAsEmptyConfiguration()
    {
        using var file = SegmentFile.OpenWrite(FilePath);
        file.Commit(Root, Items(("A", "1")));
        file.Commit("other", Items(("X", "1")));
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, Root, Polling).Build();
        Assert.Equal("1", configuration["A"]);

        file.BeginCommit().Remove(Root).Commit();

        Wait.For(() => configuration["A"] is null, Timeout, "the commit without the root");
        Assert.Empty(configuration.AsEnumerable());
        Assert.Null(configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single().LastError);
    }

    [Fact]
    public void KeysThatDifferOnlyInCase_AreRefused_AndTheLastGoodDataIsKept()
    {
        using var file = SegmentFile.OpenWrite(FilePath);
        file.Commit(Root, Items(("Db:Host", "a")));
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, Root, Polling).Build();
        var provider = configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single();

        var bad = file.Commit(Root, Items(("Db:Host", "b"), ("db:host", "c")));
        Wait.For(() => provider.LastError is not null, Timeout, "the refused commit");
        var error = Assert.IsType<InvalidOperationException>(provider.LastError);
        Assert.Contains($"Commit {bad.Number}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Db:Host'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'db:host'", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", configuration["Db:Host"]);

        // The next good commit loads and clears the error.
        file.Commit(Root, Items(("Db:Host", "d")));
        Wait.For(() => configuration["Db:Host"] == "d", Timeout, "the next good commit");
        Assert.Null(provider.LastError);

        // On the first load the same problem throws.
        file.Commit(Root, Items(("K", "1"), ("k", "2")));
        var first = Assert.Throws<InvalidOperationException>(() => new ConfigurationBuilder().AddSegmentFile(FilePath, Root, Polling).Build());
        Assert.Contains("'K'", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Throws_WhenTheFileOrTheRootIsMissing_OrTheRootIsNotADictionary()
    {
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddSegmentFile(FilePath, Root).Build());

        using (var file = SegmentFile.OpenWrite(FilePath))
        {
            file.Commit("list", PersistentList.Create(1, 2, 3));
            file.Commit("other", Items(("A", "1")));
        }

        var missing = Assert.Throws<KeyNotFoundException>(() => new ConfigurationBuilder().AddSegmentFile(FilePath, Root).Build());
        Assert.Contains("'app'", missing.Message, StringComparison.Ordinal);
        Assert.Throws<SegmentRootKindException>(() => new ConfigurationBuilder().AddSegmentFile(FilePath, "list").Build());
    }

    [Fact]
    public void AddSegmentFile_ValidatesItsArguments()
    {
        var builder = new ConfigurationBuilder();
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => SegmentFileConfigurationExtensions.AddSegmentFile(null!, "x.seg", Root)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => builder.AddSegmentFile(null!, Root)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => builder.AddSegmentFile("", Root)).ParamName);
        Assert.Equal("rootName", Assert.Throws<ArgumentNullException>(() => builder.AddSegmentFile("x.seg", null!)).ParamName);
        Assert.Equal("rootName", Assert.Throws<ArgumentException>(() => builder.AddSegmentFile("x.seg", "")).ParamName);
        Assert.Equal("watchOptions", Assert.Throws<ArgumentNullException>(() => builder.AddSegmentFile("x.seg", Root, null!)).ParamName);
        Assert.Equal("watchOptions", Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddSegmentFile("x.seg", Root, new SegmentWatchOptions { PollingInterval = TimeSpan.Zero })).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => new SegmentFileConfigurationProvider(null!)).ParamName);
        Assert.Throws<InvalidOperationException>(() => new SegmentFileConfigurationSource { RootName = Root }.Build(builder));
        Assert.Empty(builder.Sources);
    }

    [Fact]
    public void DisposingTheConfiguration_StopsWatching_AndReleasesTheFile()
    {
        using var file = SegmentFile.OpenWrite(FilePath);
        file.Commit(Root, Items(("A", "1")));
        var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddSegmentFile(FilePath, Root, Polling).Build();
        var provider = configuration.Providers.OfType<SegmentFileConfigurationProvider>().Single();
        configuration.Dispose();

        file.Commit(Root, Items(("A", "2")));
        Wait.Settle(TimeSpan.FromMilliseconds(200));
        Assert.Equal("1", configuration["A"]);
        Assert.Throws<ObjectDisposedException>(() => provider.Watcher!.Poll());
        Assert.Throws<ObjectDisposedException>(provider.Load);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static PersistentDictionary<string, string?> Items(params (string Key, string? Value)[] items) =>
        PersistentDictionary.CreateRange(items.Select(i => KeyValuePair.Create(i.Key, i.Value)));

    private static int Number(string? value) => int.Parse(value!, CultureInfo.InvariantCulture);

    private Process StartWriter(int versions)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("segment-config-writer");
        start.ArgumentList.Add(FilePath);
        start.ArgumentList.Add(Root);
        start.ArgumentList.Add(versions.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("the writer process did not start");
    }
}
