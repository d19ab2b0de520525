using System.Collections.Generic;
using System.Linq;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Spec.Model;

namespace TLDeclarative.Spec.Planning
{
    /// <summary>
    /// What the build knows about a spec's backbone: its stage names always; its parameter counts,
    /// channels and smallest input only for catalogue backbones (an ONNX file is read at run time).
    /// </summary>
    /// <param name="Name">The catalogue name, or the ONNX file's path.</param>
    /// <param name="Stages">Stage names in forward order: what freeze policies and lr_mult may name.</param>
    /// <param name="StageParameters">Parameters per stage; null when not known at build time.</param>
    /// <param name="Entry">The catalogue entry; null for an ONNX backbone.</param>
    public sealed record BackboneShape(string Name, IReadOnlyList<string> Stages, IReadOnlyList<long>? StageParameters, int MinImageSize, int? OutputChannels, BuiltInBackbone? Entry)
    {
        public bool IsOnnx => Entry is null;

        /// <summary>
        /// The shape of the spec's backbone: the ONNX stages, or the catalogue entry its (name, weights)
        /// select (the first entry of that name when the weights fit none). Null for an unknown name.
        /// </summary>
        public static BackboneShape? Of(BackboneSpec backbone)
        {
            if (backbone.Onnx is { } onnx)
                return new BackboneShape(backbone.Name, onnx.StageNames.ToList(), null, 1, null, null);
            var entry = BuiltInBackbones.Find(backbone.Name, backbone.Weights) ?? BuiltInBackbones.Find(backbone.Name);
            return entry is null ? null : FromEntry(entry);
        }

        public static BackboneShape FromEntry(BuiltInBackbone entry) =>
            new BackboneShape(entry.Name, entry.Stages, entry.StageParameters, entry.MinImageSize, entry.OutputChannels, entry);
    }
}
