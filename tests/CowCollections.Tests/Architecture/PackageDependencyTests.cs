using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace CowCollections.Tests.Architecture;

/// <summary>
/// The segment package is bound to the core through internals, so its package must depend on exactly the core
/// version it was built with: <c>[x.y.z]</c>, never <c>&gt;= x.y.z</c>. Packs the already built project (no build)
/// and reads the nuspec inside the package.
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
        string root = RepositoryRoot();
        string output = Path.Combine(Path.GetTempPath(), "cow-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var pack = Process.Start(new ProcessStartInfo("dotnet", ["pack", Path.Combine(root, "src", "CowCollections.Segments"), "-c", Configuration, "--no-build", "-o", output, "-p:IncludeSymbols=false", "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string log = pack.StandardOutput.ReadToEnd() + pack.StandardError.ReadToEnd();
            pack.WaitForExit();
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:" + Environment.NewLine + log);

            string version = typeof(PersistentList<>).Assembly.GetName().Version!.ToString(3);
            string package = Directory.GetFiles(output, "CowCollections.Segments.*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package);
            var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = entry.Open();
            var nuspec = XDocument.Load(stream);
            var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToList();
            Assert.Equal(["net10.0", "net8.0"], groups.Select(g => (string)g.Attribute("targetFramework")!).Order(StringComparer.Ordinal));
            foreach (var group in groups)
            {
                var core = group.Elements().Single(d => (string?)d.Attribute("id") == "CowCollections");
                Assert.Equal($"[{version}]", (string?)core.Attribute("version"));
            }
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
