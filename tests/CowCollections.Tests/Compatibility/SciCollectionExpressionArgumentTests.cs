using System.Reflection;
using System.Runtime.Loader;
using CowCollections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CowCollections.Tests.Compatibility;

/// <summary>Collection expressions passed to the range methods bind to one overload (no CS0121) and give the right result.</summary>
public sealed class SciCollectionExpressionArgumentTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using CowCollections;

        public static class Sample
        {
            public static string Run()
            {
                var list = PersistentList.Create(1, 2, 3);
                list = list.AddRange([4, 5]);
                list = list.InsertRange(0, [-1, 0]);
                var builder = list.ToBuilder();
                builder.AddRange([6, 7]);
                builder.InsertRange(0, [-2]);
                var cow = new CopyOnWriteList<int>();
                cow.AddRange([8, 9]);
                var dictionary = PersistentDictionary.Create<string, int>();
                dictionary = dictionary.AddRange([new("a", 1)]);
                dictionary = dictionary.SetItems([new("b", 2)]);
                var array = PersistentArray.Create<int>(3);
                array = array.SetItems([new(1, 5)]);
                return string.Join(",", builder.ToImmutable()) + ";" + string.Join(",", cow) + ";"
                    + string.Join(",", dictionary.OrderBy(e => e.Key).Select(e => e.Key + e.Value)) + ";" + string.Join(",", array);
            }
        }
        """;

    [Fact]
    public void Collection_expression_arguments_compile_and_bind()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "CollectionExpressions" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(Code, options)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        var context = new AssemblyLoadContext("CollectionExpressions", isCollectible: true);
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        var printed = (string)assembly.GetType("Sample")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal("-2,-1,0,1,2,3,4,5,6,7;8,9;a1,b2;0,5,0", printed);
        context.Unload();
    }

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(PersistentList<>).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });
}
