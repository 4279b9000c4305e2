using CowCollections.Etcd;
using dotnet_etcd;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration.Tests.Etcd;

/// <summary>What needs no cluster: argument checks, and how the etcd tests report an absent etcd.</summary>
public sealed class EtcdArgumentTests
{
    [Fact]
    public async Task StartAsync_ChecksItsArgumentsBeforeConnecting()
    {
        using var client = new EtcdClient("http://127.0.0.1:9");
        Assert.Equal("client", (await Assert.ThrowsAsync<ArgumentNullException>(() => EtcdDictionary.StartAsync(null!, "p/"))).ParamName);
        Assert.Equal("prefix", (await Assert.ThrowsAsync<ArgumentNullException>(() => EtcdDictionary.StartAsync(client, null!))).ParamName);
        Assert.Equal("prefix", (await Assert.ThrowsAsync<ArgumentException>(() => EtcdDictionary.StartAsync(client, ""))).ParamName);
        var negative = new EtcdDictionaryOptions { RequestTimeout = TimeSpan.Zero };
        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentException>(() => EtcdDictionary.StartAsync(client, "p/", negative))).ParamName);
        var inverted = new EtcdDictionaryOptions { ProgressInterval = TimeSpan.FromSeconds(5), WatchTimeout = TimeSpan.FromSeconds(1) };
        Assert.Contains("WatchTimeout", (await Assert.ThrowsAsync<ArgumentException>(() => EtcdDictionary.StartAsync(client, "p/", inverted))).Message);
    }

    [Fact]
    public void AddEtcd_ChecksItsArguments()
    {
        using var client = new EtcdClient("http://127.0.0.1:9");
        var builder = new ConfigurationBuilder();
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => EtcdConfigurationExtensions.AddEtcd(null!, client, "p/")).ParamName);
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => builder.AddEtcd(null!, "p/")).ParamName);
        Assert.Equal("prefix", Assert.Throws<ArgumentException>(() => builder.AddEtcd(client, "")).ParamName);
        Assert.Equal("mirror", Assert.Throws<ArgumentNullException>(() => builder.AddEtcd((EtcdDictionary)null!)).ParamName);
        Assert.Throws<InvalidOperationException>(() => new EtcdConfigurationSource().Build(builder));
    }

    [Fact]
    public void AbsentEtcd_SkipsWithTheReasonAndTheInstallLine_OutsideCi()
    {
        var skip = Assert.Throws<Xunit.SkipException>(() => EtcdCluster.RequireEtcd(binary: null, ci: null));
        Assert.Contains("etcd is not installed", skip.Message);
        Assert.Contains("apt-get install etcd-server", skip.Message);
    }

    [Fact]
    public void AbsentEtcd_FailsInCi()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => EtcdCluster.RequireEtcd(binary: null, ci: "true"));
        Assert.Contains("CI=true", failure.Message);
        EtcdCluster.RequireEtcd(binary: "/usr/bin/etcd", ci: "true");
    }
}
