using System.Globalization;
using CowCollections.Configuration.Tests.Configuration;
using CowCollections.Configuration.Tests.Etcd;
using CowCollections.Etcd;
using dotnet_etcd;

namespace CowCollections.Configuration.Tests;

/// <summary>
/// The entry point of this assembly when a test starts it as a child process (the test runner never calls it):
/// <c>etcd-increment CONNECTION PREFIX COUNT</c> runs COUNT distributed increments of the key <c>counter</c>
/// through its own mirror and prints one line per increment: <c>committed REVISION</c> or <c>unknown</c>;
/// <c>segment-config-writer PATH ROOT COUNT</c> appends COUNT commits to the segment file at PATH (see
/// <see cref="SegmentFileConfigurationTests.WriteVersions"/>) and prints <c>done</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["segment-config-writer", var path, var root, var versions])
        {
            SegmentFileConfigurationTests.WriteVersions(path, root, int.Parse(versions, CultureInfo.InvariantCulture));
            Console.WriteLine("done");
            return 0;
        }

        if (args is not ["etcd-increment", var connection, var prefix, var countText])
        {
            await Console.Error.WriteLineAsync("This assembly holds tests; run it with `dotnet test`.");
            return 2;
        }

        var count = int.Parse(countText, CultureInfo.InvariantCulture);
        using var client = new EtcdClient(connection);
        await using var mirror = await EtcdDictionary.StartAsync(client, prefix, EtcdTestSupport.FastOptions);
        using var deadline = EtcdTestSupport.Deadline();
        for (var i = 0; i < count; i++)
        {
            try
            {
                var revision = await mirror.UpdateAsync(EtcdDictionaryTests.Increment, deadline.Token);
                Console.WriteLine($"committed {revision.ToString(CultureInfo.InvariantCulture)}");
            }
            catch (EtcdCommitUnknownException)
            {
                Console.WriteLine("unknown");
            }
        }

        return 0;
    }
}
