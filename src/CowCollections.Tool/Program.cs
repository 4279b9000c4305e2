using System.CommandLine;
using CowCollections.Tool;

var root = new RootCommand("cow: the CowCollections command-line tool.");

var demo = new Command("demo", "A short guided run of what the library does today.");
demo.SetAction(_ => Demo.Run(Console.Out));
root.Subcommands.Add(demo);
SegmentCommands.Add(root);

return root.Parse(args).Invoke();
