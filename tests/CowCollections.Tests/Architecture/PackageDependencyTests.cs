using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace CowCollections.Tests.Architecture;

/// <summary>
/// What the packages depend on, read from the nuspec of each packed project (packed from its build, no build here).
/// The segment package is bound to the core through internals, so its package must depend on exactly the core
/// version it was built with: <c>[x.y.z]</c>, never <c>&gt;= x.y.z</c>.
/// </summary>
public class PackageDependencyTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void The_segment_package_depends_on_the_exact_core_version()
    {
        string version = CoreVersion();
        foreach (var (framework, dependencies) in PackedDependencies("CowCollections.Segments"))
        {
            Assert.True(dependencies.TryGetValue("CowCollections", out var core), $"{framework}: no dependency on CowCollections");
            Assert.Equal($"[{version}]", core);
        }
    }

    /// <summary>
    /// The configuration package holds the per-host source (<c>AddSegmentFile</c>), so it depends on the segment
    /// package, the core and the configuration abstractions, and on nothing of etcd.
    /// </summary>
    [Fact]
    public void The_configuration_package_depends_on_the_core_and_the_segment_package_but_not_on_etcd()
    {
        string version = CoreVersion();
        foreach (var (framework, dependencies) in PackedDependencies("CowCollections.Configuration"))
        {
            Assert.True(dependencies.TryGetValue("CowCollections", out var core), $"{framework}: no dependency on CowCollections");
            Assert.Equal(version, core);
            Assert.True(dependencies.TryGetValue("CowCollections.Segments", out var segments), $"{framework}: no dependency on CowCollections.Segments");
            Assert.Equal(version, segments);
            Assert.Contains("Microsoft.Extensions.Configuration.Abstractions", dependencies.Keys);
            Assert.DoesNotContain(dependencies.Keys, id => id.Contains("etcd", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string CoreVersion() => typeof(PersistentList<>).Assembly.GetName().Version!.ToString(3);

    /// <summary>Packs the already built project (no build) and returns, per target framework of its nuspec, the dependencies' ids and versions.</summary>
    private static List<(string Framework, Dictionary<string, string> Dependencies)> PackedDependencies(string project)
    {
        string root = RepositoryRoot();
        string output = Path.Combine(Path.GetTempPath(), "cow-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var pack = Process.Start(new ProcessStartInfo("dotnet", ["pack", Path.Combine(root, "src", project), "-c", Configuration, "--no-build", "-o", output, "-p:IncludeSymbols=false", "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string log = pack.StandardOutput.ReadToEnd() + pack.StandardError.ReadToEnd();
            pack.WaitForExit();
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:" + Environment.NewLine + log);

            string package = Directory.GetFiles(output, project + ".*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package);
            var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = entry.Open();
            var nuspec = XDocument.Load(stream);
            var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToList();
            Assert.Equal(["net10.0", "net8.0"], groups.Select(g => (string)g.Attribute("targetFramework")!).Order(StringComparer.Ordinal));
            return groups
                .Select(g => ((string)g.Attribute("targetFramework")!, g.Elements().ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!, StringComparer.Ordinal)))
                .ToList();
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CowCollections.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (CowCollections.sln) is not above the test binaries.");
    }
}
