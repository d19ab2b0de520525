using TLDeclarative.Runs;

namespace TLDeclarative.Tests.Runs;

public sealed class SpecDiffTests
{
    [Fact]
    public void Values_get_key_paths_with_list_items_numbered_and_flow_mappings_opened()
    {
        const string yaml = "experiment: A\nclasses: [a, b]\nphases:\n- name: head\n  optimizer:\n    adam: {learning_rate: 1e-3}\n- name: tune\n  freeze:\n    until: layer4\ndata:\n  image_size:\n    - 150\n    - 160\n";

        var flat = SpecDiff.Flatten(yaml);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["experiment"] = "A",
                ["classes"] = "[a, b]",
                ["phases[0].name"] = "head",
                ["phases[0].optimizer.adam.learning_rate"] = "1e-3",
                ["phases[1].name"] = "tune",
                ["phases[1].freeze.until"] = "layer4",
                ["data.image_size"] = "[150, 160]",
            },
            flat);
    }

    [Fact]
    public void Changed_added_and_removed_keys_are_named()
    {
        var changes = SpecDiff.ChangedKeys("seed: 1\nhead:\n  dropout: 0.2\n", "seed: 2\nhead:\n  units: 64\n");

        Assert.Equal(["seed: 1 -> 2", "head.dropout removed (was 0.2)", "head.units added (64)"], changes);
    }
}
