using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace CowCollections.Tests.Documentation;

/// <summary>
/// Every C# sample in the README, the package READMEs and <c>docs/</c> compiles on its own, as a new console
/// app's <c>Program.cs</c> (top-level statements, the console template's implicit usings, the library packages
/// referenced), and runs to completion without an exception. A sample fenced as <c>```csharp no-run</c> needs a
/// server (the etcd samples) and is compiled only; the tests of its package run the same code against one.
/// </summary>
public sealed partial class DocumentationSampleTests
{
    private readonly ITestOutputHelper _output;

    public DocumentationSampleTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _, _) in AllSamples())
        {
            data.Add(file, line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_sample_compiles_on_its_own_and_runs(string file, int line)
    {
        var sample = AllSamples().Single(s => s.File == file && s.Line == line);
        var assembly = Compile($"{file}:{line}", sample.Code);
        if (sample.Runs)
        {
            _output.WriteLine(Run(assembly));
        }
    }

    [Fact]
    public void The_documents_have_samples_to_check()
    {
        var files = AllSamples().Select(s => s.File).Distinct().ToList();
        Assert.Contains("README.md", files);
        Assert.Contains("src/CowCollections/README.md", files);
        Assert.Contains("src/CowCollections.Segments/README.md", files);
        Assert.Contains("src/CowCollections.Extensions/README.md", files);
    }

    [Fact]
    public void A_sample_that_does_not_compile_is_reported_with_its_place()
    {
        var e = Assert.Throws<Xunit.Sdk.XunitException>(() => Compile("README.md:1", "var x = new PersistentList<int>();"));
        Assert.Contains("README.md:1", e.Message, StringComparison.Ordinal);
        Assert.Contains("CS0246", e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string File, int Line, string Code, bool Runs)> AllSamples()
    {
        string root = RepositoryRoot();
        var documents = new List<string> { Path.Combine(root, "README.md") };
        documents.AddRange(Directory.GetFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories));
        documents.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.TopDirectoryOnly));
        foreach (string path in documents.Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            string text = File.ReadAllText(path);
            foreach (Match m in Fence().Matches(text))
            {
                int line = text.AsSpan(0, m.Index).Count('\n') + 1;
                yield return (relative, line, m.Groups["code"].Value, !m.Groups["noRun"].Success);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CowCollections.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (CowCollections.sln) is not above the test assembly");
    }

    private static Assembly Compile(string place, string code)
    {
        const string implicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Threading;
            global using System.Threading.Tasks;
            """;
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Sample" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(implicitUsings, options), CSharpSyntaxTree.ParseText(code, options, path: place)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!result.Success)
        {
            throw new Xunit.Sdk.XunitException($"the sample at {place} does not compile:\n" + string.Join("\n", errors));
        }

        var context = new AssemblyLoadContext(place, isCollectible: true);
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    private static string Run(Assembly assembly)
    {
        var entry = assembly.EntryPoint ?? throw new InvalidOperationException("no entry point");
        var printed = new StringWriter(new StringBuilder());
        var console = Console.Out;
        lock (ConsoleGate)
        {
            Console.SetOut(printed);
            try
            {
                object? result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            finally
            {
                Console.SetOut(console);
            }
        }

        return printed.ToString();
    }

    private static readonly object ConsoleGate = new();

    /// <summary>What a console app that references the library packages compiles against.</summary>
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "CowCollections*.dll").Where(p => !p.EndsWith("CowCollections.Tests.dll", StringComparison.Ordinal)));
        paths.Add(typeof(Microsoft.Extensions.Primitives.ChangeToken).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    [GeneratedRegex(@"^```(?:csharp|cs|c#)(?<noRun>[ \t]+no-run)?[ \t]*\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
