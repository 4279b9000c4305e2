using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CowCollections.Configuration.Tests.Configuration;

public sealed class ServiceSettings
{
    public int Timeout { get; set; }

    public string Mode { get; set; } = "default";

    public List<string> Hosts { get; set; } = [];
}

/// <summary>
/// The typed view and the options monitor, compared with the standard options monitor
/// (<c>services.Configure&lt;T&gt;(configuration)</c>) over the same configuration.
/// </summary>
public sealed class SnapshotOptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void TypedView_HandsSubscribersTheOldAndNewOptions_BoundOncePerVersion()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Timeout"] = "30" }).Build();
        using var snapshot = root.ToSnapshot();
        var view = snapshot.Bind<ServiceSettings>();
        var first = view.Snapshot;
        Assert.Same(first, view.Snapshot);
        Assert.Equal(30, first.Timeout);

        var changes = new List<SnapshotChange<ServiceSettings>>();
        using var subscription = view.Subscribe(changes.Add);
        root["Timeout"] = "60";
        root["Mode"] = "fast";
        root.Reload();

        var change = Assert.Single(changes);
        Assert.Same(first, change.OldSnapshot);
        Assert.Equal((60, "fast"), (change.NewSnapshot.Timeout, change.NewSnapshot.Mode));
        Assert.Same(change.NewSnapshot, view.Snapshot);
        Assert.Equal(1, change.Version);
        Assert.Equal(snapshot.Version, view.Version);
        Assert.Same(view.Get(snapshot.Snapshot), view.Snapshot);
    }

    [Fact]
    public void OptionsMonitor_MatchesTheStandardMonitorsValues_AndFiresExactlyOncePerRealFileChange()
    {
        using var file = new TempJsonFile("""{ "Service": { "Timeout": "30", "Hosts": [ "a" ] } }""");
        using var root = (ConfigurationRoot)new ConfigurationBuilder().AddJsonFile(file.Path, optional: false, reloadOnChange: true).Build();
        var section = root.GetSection("Service");

        using var ours = new ServiceCollection().AddSnapshotOptions<ServiceSettings>(section).BuildServiceProvider();
        using var standard = new ServiceCollection().Configure<ServiceSettings>(section).BuildServiceProvider();
        var monitor = ours.GetRequiredService<IOptionsMonitor<ServiceSettings>>();
        var standardMonitor = standard.GetRequiredService<IOptionsMonitor<ServiceSettings>>();
        Assert.IsNotType<OptionsMonitor<ServiceSettings>>(monitor);

        var ourCalls = new List<(int Timeout, string? Name)>();
        var standardCalls = 0;
        using var a = monitor.OnChange((o, name) => { lock (ourCalls) { ourCalls.Add((o.Timeout, name)); } });
        using var b = standardMonitor.OnChange(_ => Interlocked.Increment(ref standardCalls));
        AssertSame(standardMonitor.CurrentValue, monitor.CurrentValue);

        string[] edits =
        [
            """{ "Service": { "Timeout": "60", "Hosts": [ "a", "b" ] } }""",
            """{ "Service": { "Timeout": "60", "Hosts": [ "a", "b" ], "Mode": "fast" } }""",
            """{ "Service": { "Timeout": "90", "Mode": "fast" } }""",
        ];
        for (var i = 0; i < edits.Length; i++)
        {
            var expected = i + 1;
            file.WriteInPlace(edits[i]);
            Wait.For(() => { lock (ourCalls) { return ourCalls.Count >= expected; } }, Timeout, $"edit {expected}");
            Wait.For(() => Volatile.Read(ref standardCalls) >= expected, Timeout, $"the standard monitor to see edit {expected}");
            Wait.Settle(TimeSpan.FromMilliseconds(1200));
            AssertSame(standardMonitor.CurrentValue, monitor.CurrentValue);
            Assert.Same(monitor.CurrentValue, monitor.CurrentValue);
        }

        lock (ourCalls)
        {
            Assert.Equal([(60, Options.DefaultName), (60, Options.DefaultName), (90, Options.DefaultName)], ourCalls);
        }

        // The standard monitor fires once per reload token, so a provider's double fire shows there (>= 3).
        Assert.True(standardCalls >= edits.Length);
    }

    [Fact]
    public void NamedOptions_AndOptionsAndOptionsSnapshot_ReadTheSnapshot()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Primary:Timeout"] = "1",
            ["Secondary:Timeout"] = "2",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSnapshotOptions<ServiceSettings>(root.GetSection("Primary"))
            .AddSnapshotOptions<ServiceSettings>("secondary", root.GetSection("Secondary"), binder => binder.ErrorOnUnknownConfiguration = true)
            .BuildServiceProvider(validateScopes: true);
        var monitor = provider.GetRequiredService<IOptionsMonitor<ServiceSettings>>();
        Assert.Equal(1, monitor.CurrentValue.Timeout);
        Assert.Equal(2, monitor.Get("secondary").Timeout);
        Assert.Equal(0, monitor.Get("nobody").Timeout);
        Assert.Same(monitor.Get("nobody"), monitor.Get("nobody"));

        var options = provider.GetRequiredService<IOptions<ServiceSettings>>();
        using var scope = provider.CreateScope();
        var scoped = scope.ServiceProvider.GetRequiredService<IOptionsSnapshot<ServiceSettings>>();
        Assert.Equal(1, scoped.Value.Timeout);
        Assert.Equal(1, options.Value.Timeout);
        var names = new List<string?>();
        using var subscription = monitor.OnChange((_, name) => names.Add(name));

        root["Secondary:Timeout"] = "20";
        root["Primary:Timeout"] = "10";
        root.Reload();

        Assert.Equal(["", "secondary"], names.Order(StringComparer.Ordinal));
        Assert.Equal(10, monitor.CurrentValue.Timeout);
        Assert.Equal(20, monitor.Get("secondary").Timeout);
        Assert.Equal(1, scoped.Value.Timeout);
        Assert.Equal(1, options.Value.Timeout);
        using var laterScope = provider.CreateScope();
        Assert.Equal(10, laterScope.ServiceProvider.GetRequiredService<IOptionsSnapshot<ServiceSettings>>().Value.Timeout);
        Assert.Same(monitor.CurrentValue, provider.GetRequiredService<ConfigurationSnapshot<ServiceSettings>>().Snapshot);
    }

    [Fact]
    public void OptionsMonitor_StopsFollowing_WhenTheServiceProviderIsDisposed()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Timeout"] = "1" }).Build();
        var provider = new ServiceCollection().AddSnapshotOptions<ServiceSettings>(root).BuildServiceProvider();
        var view = provider.GetRequiredService<ConfigurationSnapshot<ServiceSettings>>();
        provider.Dispose();
        root["Timeout"] = "2";
        root.Reload();

        Assert.Equal(0, view.Version);
        Assert.Equal(1, view.Snapshot.Timeout);
    }

    [Fact]
    public void AddSnapshotOptions_ArgumentChecksNameTheParameter()
    {
        var services = new ServiceCollection();
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => SnapshotOptionsServiceCollectionExtensions.AddSnapshotOptions<ServiceSettings>(null!, new ConfigurationBuilder().Build())).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => services.AddSnapshotOptions<ServiceSettings>(null!)).ParamName);
        var monitor = services.AddSnapshotOptions<ServiceSettings>(new ConfigurationBuilder().Build()).BuildServiceProvider().GetRequiredService<IOptionsMonitor<ServiceSettings>>();
        Assert.Equal("listener", Assert.Throws<ArgumentNullException>(() => monitor.OnChange(null!)).ParamName);
    }

    private static void AssertSame(ServiceSettings expected, ServiceSettings actual)
    {
        Assert.Equal(expected.Timeout, actual.Timeout);
        Assert.Equal(expected.Mode, actual.Mode);
        Assert.Equal(expected.Hosts, actual.Hosts);
    }
}
