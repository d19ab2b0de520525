using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TLDeclarative.Spec.Catalog;
using TLDeclarative.Spec.Model;
using TLDeclarative.Spec.Validation;
using TLDeclarative.Spec.Yaml;

namespace TLDeclarative.Spec.Schema
{
    /// <summary>
    /// Every key of a <c>.tl.yaml</c> spec, once: its type, allowed values, range, default and meaning.
    /// The reader takes its known keys and closed value sets from here, the validator its ranges, and
    /// <see cref="JsonSchemaWriter"/> and <see cref="SpecReferenceWriter"/> write schema/tl.schema.json
    /// and the table of docs/spec-reference.md from it (tests keep both files in step).
    /// </summary>
    public static class SpecSchema
    {
        public static readonly SpecRange Seed = new SpecRange(0, null);
        public static readonly SpecRange ImageSide = new SpecRange(1, 4096);
        public static readonly SpecRange BatchSize = new SpecRange(1, 4096);
        public static readonly SpecRange DropoutRate = new SpecRange(0, 1, MaximumExclusive: true);
        public static readonly SpecRange DenseUnits = new SpecRange(1, 65536);
        public static readonly SpecRange Rotation = new SpecRange(0, 180, Unit: "degrees");
        public static readonly SpecRange WidthShift = new SpecRange(0, 1, MaximumExclusive: true, Phrase: "a fraction of the width");
        public static readonly SpecRange HeightShift = new SpecRange(0, 1, MaximumExclusive: true, Phrase: "a fraction of the height");
        public static readonly SpecRange Shear = new SpecRange(0, 60, Unit: "degrees");
        public static readonly SpecRange Zoom = new SpecRange(0, 1, MaximumExclusive: true);
        public static readonly SpecRange Epochs = new SpecRange(1, 100000);
        public static readonly SpecRange LearningRate = new SpecRange(0, SpecValidator.MaxLearningRate, MinimumExclusive: true);
        public static readonly SpecRange Momentum = new SpecRange(0, 1, MaximumExclusive: true);
        public static readonly SpecRange LearningRateMultiplier = new SpecRange(0, 100, MinimumExclusive: true);
        public static readonly SpecRange TrainLast = new SpecRange(0, 1000, Unit: "stages");
        public static readonly SpecRange WeightDecay = new SpecRange(0, 1, MaximumExclusive: true);
        public static readonly SpecRange StepSize = new SpecRange(1, 100000, Unit: "epochs");
        public static readonly SpecRange Gamma = new SpecRange(0, 1, MinimumExclusive: true);
        public static readonly SpecRange WarmupEpochs = new SpecRange(0, 100000, Unit: "epochs");
        public static readonly SpecRange MinLearningRate = new SpecRange(0, SpecValidator.MaxLearningRate, MaximumExclusive: true);
        public static readonly SpecRange WarmupFraction = new SpecRange(0, 1, MinimumExclusive: true, MaximumExclusive: true);
        public static readonly SpecRange PlateauFactor = new SpecRange(0, 1, MinimumExclusive: true, MaximumExclusive: true);
        public static readonly SpecRange Patience = new SpecRange(0, 100000, Unit: "epochs");
        public static readonly SpecRange MaxGradientNorm = new SpecRange(0, null, MinimumExclusive: true);
        public static readonly SpecRange ValidationSplit = new SpecRange(0, 1, MinimumExclusive: true, MaximumExclusive: true, Phrase: "a fraction of the training images");
        public static readonly SpecRange ClassWeight = new SpecRange(0, null, MinimumExclusive: true);
        public static readonly SpecRange ColorJitter = new SpecRange(0, 1, MaximumExclusive: true);
        public static readonly SpecRange Hue = new SpecRange(0, 0.5, Unit: "(a fraction of the colour wheel)");
        public static readonly SpecRange CropScale = new SpecRange(0, 1, MinimumExclusive: true);
        public static readonly SpecRange CropRatio = new SpecRange(0, null, MinimumExclusive: true);
        public static readonly SpecRange Probability = new SpecRange(0, 1);
        public static readonly SpecRange MixAlpha = new SpecRange(0, null);
        public static readonly SpecRange CacheViews = new SpecRange(1, 1000, Unit: "views");
        public static readonly SpecRange TopK = new SpecRange(1, null);
        public static readonly SpecRange EarlyStoppingPatience = new SpecRange(1, 100000, Unit: "epochs");
        public static readonly SpecRange MinDelta = new SpecRange(0, null);
        public static readonly SpecRange PixelScale = new SpecRange(0, null, MinimumExclusive: true);
        public static readonly SpecRange ChannelMean = new SpecRange(0, null);
        public static readonly SpecRange ChannelStd = new SpecRange(0, null, MinimumExclusive: true);

        /// <summary>The metrics early stopping and checkpoints may watch; val_* are on the validation set.</summary>
        public static readonly string[] MonitorValues = { "val_loss", "val_accuracy", "val_f1", "loss", "accuracy" };

        /// <summary>AdamW's decoupled weight decay when the spec sets none (PyTorch's default).</summary>
        public const double AdamWDefaultWeightDecay = 0.01;

        /// <summary>Every backbone stage name of the catalogue, for completion of <c>freeze.until</c>.</summary>
        private static readonly string[] StageNames = BuiltInBackbones.All.SelectMany(b => b.Stages).Distinct().ToArray();

        static SpecSchema()
        {
            Data = new SchemaNode("data", SchemaKind.Mapping, "The images: one sub-folder per class under each folder.")
            {
                Label = "data",
                IsRequired = true,
                Merges = true,
                Properties = new[]
                {
                    new SchemaNode("train", SchemaKind.Path, "Folder with one sub-folder of training images per class, or a list file (.csv or .tsv) with one image a line: path, label (the label is a class name).") { IsRequired = true },
                    new SchemaNode("validation", SchemaKind.Path, "Folder (one sub-folder per class) or .csv/.tsv list file of validation images, evaluated after every epoch. Exactly one of validation and validation_split is given.") { DefaultNote = "required unless validation_split" },
                    new SchemaNode("validation_split", SchemaKind.Number, "Hold out this fraction of the training images for validation instead (stratified per class, seeded by seed); then validation must be absent.") { Range = ValidationSplit },
                    new SchemaNode("test", SchemaKind.Path, "Optional held-out folder or .csv/.tsv list file with the same classes, evaluated once after training."),
                    new SchemaNode("image_size", SchemaKind.OneOf, "Images are resized to this: one integer for square images, or [height, width]; at least 32 for resnet18.")
                    {
                        IsRequired = true,
                        Alternatives = new[]
                        {
                            new SchemaNode(string.Empty, SchemaKind.Integer, "The side of a square image, in pixels.") { Range = ImageSide },
                            new SchemaNode(string.Empty, SchemaKind.List, "[height, width] in pixels.")
                            {
                                MinItems = 2,
                                MaxItems = 2,
                                Items = new SchemaNode(string.Empty, SchemaKind.Integer, "Pixels.") { Range = ImageSide },
                            },
                        },
                    },
                    new SchemaNode("batch_size", SchemaKind.Integer, "Images per training step.") { Range = BatchSize, Default = Int(ExperimentReader.DefaultBatchSize) },
                    new SchemaNode("class_weights", SchemaKind.OneOf, "Weights of each class in the loss: auto (inverse class frequency, n / (classes * count)) or { class: weight } naming every declared class exactly once.")
                    {
                        DefaultNote = "every class 1",
                        Alternatives = new[]
                        {
                            new SchemaNode(string.Empty, SchemaKind.Choice, "Weights from the training set's class counts.") { Values = new[] { "auto" } },
                            new SchemaNode(string.Empty, SchemaKind.Mapping, "A weight per class.")
                            {
                                Label = "class_weights",
                                AnyKeyName = "class name",
                                AnyKeyValue = new SchemaNode(string.Empty, SchemaKind.Number, "The class's weight in the loss.") { Range = ClassWeight },
                            },
                        },
                    },
                    new SchemaNode("sampler", SchemaKind.Choice, "shuffle: every training image once per epoch in a seeded order; weighted: images drawn with replacement so every class is drawn equally often.")
                    {
                        Default = "shuffle",
                        Values = new[] { "shuffle", "weighted" },
                    },
                    new SchemaNode("corrupt_files", SchemaKind.Choice, "Files that are not readable images: fail stops the run before training, listing them; skip leaves them out with a warning.")
                    {
                        Default = "fail",
                        Values = new[] { "fail", "skip" },
                    },
                },
            };

            Preprocessing = new SchemaNode("preprocessing", SchemaKind.Mapping, "How RGB images in [0, 1] become the ONNX network's input: channels put in color_order, multiplied by scale, then (x - mean) / std per channel (in that order).")
            {
                Label = "backbone.preprocessing",
                DefaultNote = "ImageNet: rgb, 1, torchvision mean and std",
                Properties = new[]
                {
                    new SchemaNode("color_order", SchemaKind.Choice, "Channel order the network expects.") { Default = "rgb", Values = new[] { "rgb", "bgr" } },
                    new SchemaNode("scale", SchemaKind.Number, "Factor applied to pixel values in [0, 1] (255 for networks trained on 0..255).") { Range = PixelScale, Default = "1" },
                    new SchemaNode("mean", SchemaKind.List, "Per-channel mean subtracted after scaling.")
                    {
                        DefaultNote = "[0.485, 0.456, 0.406]",
                        MinItems = 3,
                        MaxItems = 3,
                        Items = new SchemaNode(string.Empty, SchemaKind.Number, "A channel's mean.") { Range = ChannelMean },
                    },
                    new SchemaNode("std", SchemaKind.List, "Per-channel standard deviation divided by.")
                    {
                        DefaultNote = "[0.229, 0.224, 0.225]",
                        MinItems = 3,
                        MaxItems = 3,
                        Items = new SchemaNode(string.Empty, SchemaKind.Number, "A channel's standard deviation.") { Range = ChannelStd },
                    },
                },
            };

            OnnxStage = new SchemaNode(string.Empty, SchemaKind.Mapping, "A named stage: every node after the previous stage's last node up to and including last_node.")
            {
                Label = "an ONNX stage",
                Properties = new[]
                {
                    new SchemaNode("name", SchemaKind.Identifier, "The stage's name, as freeze policies and lr_mult name it; unique.") { IsRequired = true },
                    new SchemaNode("last_node", SchemaKind.Text, "The ONNX node that ends the stage.") { IsRequired = true },
                },
            };

            Backbone = new SchemaNode("backbone", SchemaKind.Mapping, "The pretrained network whose features the head learns from: a catalogue backbone (name) or an ONNX file (onnx), not both.")
            {
                Label = "backbone",
                IsRequired = true,
                Merges = true,
                Properties = new[]
                {
                    new SchemaNode("name", SchemaKind.Choice, "Catalogue backbone. resnet18: the ImageNet ResNet-18 shipped in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, stages stem, layer1..layer4.")
                    {
                        DefaultNote = "required unless onnx",
                        Values = BuiltInBackbones.All.Select(b => b.Name).Distinct().ToArray(),
                    },
                    new SchemaNode("weights", SchemaKind.OneOf, "Catalogue backbones: imagenet (torchvision's default ImageNet weights, downloaded once into PyTorch's cache; for resnet18 the embedded ImageNet network), a torchvision weights name (IMAGENET1K_V1, IMAGENET1K_V2; docs/backbones.md lists them), none (random initialisation, training from scratch), a weight file (" + string.Join(", ", BuiltInBackbones.WeightFileExtensions) + ") or { url, sha256 } where the backbone accepts one. ONNX backbones: file (the weights in the .onnx) or none.")
                    {
                        Default = "imagenet",
                        DefaultNote = "file for onnx",
                        Alternatives = new[]
                        {
                            new SchemaNode(string.Empty, SchemaKind.Choice, "Named weights, or none.") { Values = BuiltInBackbones.All.SelectMany(b => b.Weights).Append("none").Append(OnnxFileWeights).Distinct().ToArray() },
                            new SchemaNode(string.Empty, SchemaKind.Path, "A weight file, relative to the working directory.") { Pattern = @"\.(" + string.Join("|", BuiltInBackbones.WeightFileExtensions.Select(e => e.Substring(1))) + ")$" },
                            new SchemaNode(string.Empty, SchemaKind.Mapping, "A team's own weights file, downloaded at run time into PyTorch's cache and checked against its hash.")
                            {
                                Label = "backbone.weights",
                                Properties = new[]
                                {
                                    new SchemaNode("url", SchemaKind.Text, "Absolute http(s) URL of the weights file (a state dict, as for weight files).") { IsRequired = true, Pattern = "^https?://" },
                                    new SchemaNode("sha256", SchemaKind.Text, "The file's full SHA-256, 64 hex digits.") { IsRequired = true, Pattern = "^[0-9a-fA-F]{64}$" },
                                },
                            },
                        },
                    },
                    new SchemaNode("onnx", SchemaKind.Path, "An ONNX CNN file used as the backbone instead of a catalogue one; it is cut at its last spatial feature map.") { Pattern = @"\.onnx$" },
                    new SchemaNode("cut", SchemaKind.Text, "ONNX backbones: the node whose output is the feature map the head pools.") { DefaultNote = "found automatically" },
                    Preprocessing,
                    new SchemaNode("stages", SchemaKind.List, "ONNX backbones: named stages in forward order, for freeze policies and lr_mult; without them the whole network is one stage named backbone.")
                    {
                        MinItems = 1,
                        Items = OnnxStage,
                    },
                },
            };

            DenseLayer = new SchemaNode(string.Empty, SchemaKind.Mapping, "A dense layer with its settings.")
            {
                Label = "a dense layer",
                Properties = new[]
                {
                    new SchemaNode("units", SchemaKind.Integer, "Output units of the layer.") { IsRequired = true, Range = DenseUnits },
                    new SchemaNode("activation", SchemaKind.Choice, "Activation after the layer.") { Default = "relu", Values = new[] { "relu", "none" } },
                },
            };

            HeadLayer = new SchemaNode(string.Empty, SchemaKind.Mapping, "One hidden layer: { dropout: rate } or { dense: units } or { dense: { units: N, activation: relu } }.")
            {
                Label = "a head layer",
                ExactlyOneKey = true,
                Properties = new[]
                {
                    new SchemaNode("dropout", SchemaKind.Number, "Dropout with this rate.") { Range = DropoutRate },
                    new SchemaNode("dense", SchemaKind.OneOf, "A fully connected layer: its unit count (relu activation), or its settings.")
                    {
                        Alternatives = new[]
                        {
                            new SchemaNode(string.Empty, SchemaKind.Integer, "Output units; the activation is relu.") { Range = DenseUnits },
                            DenseLayer,
                        },
                    },
                },
            };

            Head = new SchemaNode("head", SchemaKind.Mapping, "The new classifier on top of the backbone. The output layer follows from classes: one sigmoid unit (binary cross-entropy) for 2 classes, one softmax unit per class (cross-entropy) above.")
            {
                Label = "head",
                Merges = true,
                Properties = new[]
                {
                    new SchemaNode("pooling", SchemaKind.Choice, "Pooling of the backbone's last feature map.")
                    {
                        Default = "global_average",
                        Values = new[] { "global_average", "global_max" },
                    },
                    new SchemaNode("layers", SchemaKind.List, "Hidden layers in order, between the pooling and the output layer: { dropout: rate }, { dense: units } or { dense: { units: N, activation: relu } }.") { Items = HeadLayer },
                },
            };

            RandomResizedCrop = new SchemaNode("random_resized_crop", SchemaKind.Mapping, "Crop a random area (scale: fraction of the image) with a random aspect ratio, resized back to image_size (torchvision's RandomResizedCrop); {} takes the defaults.")
            {
                Label = "augmentation.random_resized_crop",
                Properties = new[]
                {
                    new SchemaNode("scale", SchemaKind.List, "[min, max] fraction of the image's area; 0 < min <= max <= 1.")
                    {
                        DefaultNote = "[0.08, 1.0]",
                        MinItems = 2,
                        MaxItems = 2,
                        Items = new SchemaNode(string.Empty, SchemaKind.Number, "A fraction of the area.") { Range = CropScale },
                    },
                    new SchemaNode("ratio", SchemaKind.List, "[min, max] aspect ratio (width / height); 0 < min <= max.")
                    {
                        DefaultNote = "[0.75, 1.3333]",
                        MinItems = 2,
                        MaxItems = 2,
                        Items = new SchemaNode(string.Empty, SchemaKind.Number, "An aspect ratio.") { Range = CropRatio },
                    },
                },
            };

            Augmentation = new SchemaNode("augmentation", SchemaKind.Mapping, "Random transformations of the training images (Keras ImageDataGenerator style); absent or zero means none.")
            {
                Label = "augmentation",
                Merges = true,
                Properties = new[]
                {
                    new SchemaNode("rotation", SchemaKind.Number, "Random rotation by an angle in [-r, r] degrees.") { Range = Rotation, Default = "0" },
                    new SchemaNode("width_shift", SchemaKind.Number, "Random horizontal shift, as a fraction of the width.") { Range = WidthShift, Default = "0" },
                    new SchemaNode("height_shift", SchemaKind.Number, "Random vertical shift, as a fraction of the height.") { Range = HeightShift, Default = "0" },
                    new SchemaNode("shear", SchemaKind.Number, "Random shear angle in [-s, s] degrees (Keras' shear_range).") { Range = Shear, Default = "0" },
                    new SchemaNode("zoom", SchemaKind.Number, "Random zoom in [1 - z, 1 + z] per axis.") { Range = Zoom, Default = "0" },
                    new SchemaNode("horizontal_flip", SchemaKind.Boolean, "Flip half of the images horizontally.") { Default = "false" },
                    new SchemaNode("fill_mode", SchemaKind.Choice, "How pixels outside the image are filled (Keras' wrap is not offered).")
                    {
                        Default = "nearest",
                        Values = new[] { "nearest", "constant", "reflect" },
                    },
                    new SchemaNode("vertical_flip", SchemaKind.Boolean, "Flip half of the images vertically.") { Default = "false" },
                    new SchemaNode("brightness", SchemaKind.Number, "Random brightness factor in [1 - b, 1 + b].") { Range = ColorJitter, Default = "0" },
                    new SchemaNode("contrast", SchemaKind.Number, "Random contrast factor in [1 - c, 1 + c].") { Range = ColorJitter, Default = "0" },
                    new SchemaNode("saturation", SchemaKind.Number, "Random saturation factor in [1 - s, 1 + s].") { Range = ColorJitter, Default = "0" },
                    new SchemaNode("hue", SchemaKind.Number, "Random hue shift in [-h, h], as a fraction of the colour wheel.") { Range = Hue, Default = "0" },
                    RandomResizedCrop,
                    new SchemaNode("random_erasing", SchemaKind.Number, "Probability of erasing one random rectangle of each image (random erasing / cutout).") { Range = Probability, Default = "0" },
                    new SchemaNode("mixup", SchemaKind.Number, "Mixup: each batch is blended with a shuffled copy of itself, weights from Beta(alpha, alpha); 0 is off.") { Range = MixAlpha, Default = "0" },
                    new SchemaNode("cutmix", SchemaKind.Number, "CutMix: a rectangle of a shuffled copy of the batch is pasted in, its area from Beta(alpha, alpha); 0 is off.") { Range = MixAlpha, Default = "0" },
                },
            };

            FreezeWords = new SchemaNode(string.Empty, SchemaKind.Choice, "all: only the head trains; none: everything trains.") { Values = new[] { "all", "none" } };
            Freeze = new SchemaNode(string.Empty, SchemaKind.Mapping, "Exactly one of: { until: stage }, { train_last: N }, { except: [globs] }.")
            {
                Label = "freeze",
                ExactlyOneKey = true,
                Properties = new[]
                {
                    new SchemaNode("until", SchemaKind.Text, "The first stage that trains; the stages before it stay frozen (for resnet18: stem, layer1, layer2, layer3, layer4; for an ONNX backbone, the names in backbone.stages).")
                    {
                        Values = StageNames,
                    },
                    new SchemaNode("train_last", SchemaKind.Integer, "How many of the backbone's last stages train; the others stay frozen (train_last: 2 on resnet18 trains layer3 and layer4).") { Range = TrainLast },
                    new SchemaNode("except", SchemaKind.List, "Globs (* any run of characters, ? one character) over stage names and parameter names that train; everything else in the backbone stays frozen. A glob that names no stage is checked at build time for catalogue backbones; one that matches no parameter is an error when the run starts.")
                    {
                        MinItems = 1,
                        Items = new SchemaNode(string.Empty, SchemaKind.Text, "A stage glob (layer4, layer*) or a parameter glob (layer3.*, *.running_mean is no parameter)."),
                    },
                },
            };

            LearningRateMultipliers = new SchemaNode("lr_mult", SchemaKind.Mapping, "Discriminative fine-tuning: per-stage multipliers of the phase's learning rate, as optimizer parameter groups ({ layer3: 0.1, layer4: 1.0 }); stages not listed and the head train at the phase's rate. Naming a frozen stage is an error.")
            {
                Label = "lr_mult",
                // Catalogue stage names for completion; an ONNX backbone's stages are its own (the validator checks them).
                AnyKeyName = "stage name",
                AnyKeyValue = new SchemaNode(string.Empty, SchemaKind.Number, "Multiplier of the learning rate for the stage.") { Range = LearningRateMultiplier },
                Properties = StageNames.Select(stage => new SchemaNode(stage, SchemaKind.Number, "Multiplier of the learning rate for stage " + stage + ".") { Range = LearningRateMultiplier }).ToArray(),
            };

            Optimizer = new SchemaNode("optimizer", SchemaKind.Mapping, "Exactly one optimizer with its settings: { adam: { learning_rate: 1.0e-4 } }.")
            {
                Label = "optimizer",
                IsRequired = true,
                ExactlyOneKey = true,
                Properties = new[]
                {
                    OptimizerSettings("adam", "Adam (weight_decay is an L2 penalty added to the gradient).", momentum: false),
                    OptimizerSettings("adamw", "AdamW: Adam with decoupled weight decay.", momentum: false, weightDecayDefault: AdamWDefaultWeightDecay),
                    OptimizerSettings("rmsprop", "RMSProp (Keras' RMSprop).", momentum: true),
                    OptimizerSettings("sgd", "Stochastic gradient descent.", momentum: true, nesterov: true),
                },
            };

            ScheduleWords = new SchemaNode(string.Empty, SchemaKind.Choice, "A schedule with its default settings.") { Values = new[] { "constant", "cosine", "one_cycle", "reduce_on_plateau" } };
            ScheduleSettings = new SchemaNode(string.Empty, SchemaKind.Mapping, "Exactly one schedule with its settings: { cosine: { warmup_epochs: 1, min_learning_rate: 1.0e-6 } }.")
            {
                Label = "schedule",
                ExactlyOneKey = true,
                Properties = new[]
                {
                    ScheduleNode("step", "Multiply the rate by gamma every step_size epochs (StepLR).",
                        new SchemaNode("step_size", SchemaKind.Integer, "Epochs between two reductions.") { IsRequired = true, Range = StepSize },
                        new SchemaNode("gamma", SchemaKind.Number, "The factor of each reduction.") { Range = Gamma, Default = Number(ScheduleSpec.DefaultGamma) }),
                    ScheduleNode("cosine", "Linear warm-up from learning_rate / (warmup_epochs + 1) to learning_rate, then cosine decay towards min_learning_rate over the remaining epochs of the phase (LinearLR, CosineAnnealingLR); stepped per epoch.",
                        new SchemaNode("warmup_epochs", SchemaKind.Integer, "Epochs of warm-up; fewer than the phase's epochs.") { Range = WarmupEpochs, Default = "0" },
                        new SchemaNode("min_learning_rate", SchemaKind.Number, "The rate the decay approaches; below the phase's learning_rate.") { Range = MinLearningRate, Default = "0" }),
                    ScheduleNode("one_cycle", "One cycle over the whole phase, stepped per batch (OneCycleLR): up from learning_rate / 25 to learning_rate (the maximum), then cosine down to learning_rate / 250000.",
                        new SchemaNode("warmup_fraction", SchemaKind.Number, "Fraction of the phase's steps spent raising the rate (pct_start).") { Range = WarmupFraction, Default = Number(ScheduleSpec.DefaultWarmupFraction) }),
                    ScheduleNode("reduce_on_plateau", "Multiply the rate by factor when the validation loss has not improved for patience epochs (ReduceLROnPlateau).",
                        new SchemaNode("monitor", SchemaKind.Choice, "The value watched after every epoch.") { Default = "val_loss", Values = new[] { "val_loss" } },
                        new SchemaNode("factor", SchemaKind.Number, "The factor of each reduction.") { Range = PlateauFactor, Default = Number(ScheduleSpec.DefaultFactor) },
                        new SchemaNode("patience", SchemaKind.Integer, "Epochs without improvement before the rate is reduced.") { Range = Patience, Default = Int(ScheduleSpec.DefaultPatience) },
                        new SchemaNode("min_learning_rate", SchemaKind.Number, "The rate is never reduced below this.") { Range = MinLearningRate, Default = "0" }),
                },
            };

            GradientClipping = new SchemaNode("gradient_clipping", SchemaKind.Mapping, "Clip the gradients of the trainable parameters before every step so that their joint L2 norm is at most max_norm (clip_grad_norm_).")
            {
                Label = "gradient_clipping",
                Properties = new[]
                {
                    new SchemaNode("max_norm", SchemaKind.Number, "The largest joint L2 norm of the gradients.") { IsRequired = true, Range = MaxGradientNorm },
                },
            };

            EarlyStopping = new SchemaNode("early_stopping", SchemaKind.Mapping, "Stop the phase when monitor has not improved by more than min_delta for patience epochs (Keras' EarlyStopping); the next phase starts from there.")
            {
                Label = "early_stopping",
                Properties = new[]
                {
                    Monitor("The metric watched after every epoch."),
                    new SchemaNode("patience", SchemaKind.Integer, "Epochs without improvement before the phase stops.") { IsRequired = true, Range = EarlyStoppingPatience },
                    new SchemaNode("min_delta", SchemaKind.Number, "The smallest change that counts as an improvement.") { Range = MinDelta, Default = "0" },
                    new SchemaNode("restore_best", SchemaKind.Boolean, "When the phase stops early, go back to the weights of its best epoch.") { Default = "true" },
                },
            };

            Phase = new SchemaNode(string.Empty, SchemaKind.Mapping, "A training phase.")
            {
                Label = "a phase",
                Properties = new[]
                {
                    new SchemaNode("name", SchemaKind.Identifier, "Name of the phase, unique in the spec.") { IsRequired = true },
                    new SchemaNode("freeze", SchemaKind.OneOf, "Which backbone stages stay frozen. all: only the head trains; none: everything trains; { until: layer4 }: the stages before layer4 stay frozen; { train_last: 2 }: only the last 2 stages train; { except: [\"layer4\", \"layer3.1.*\"] }: only what the globs match trains. Frozen parameters get no gradients and are not in the optimizer.")
                    {
                        IsRequired = true,
                        Alternatives = new[] { FreezeWords, Freeze },
                    },
                    new SchemaNode("batch_norm", SchemaKind.Choice, "BatchNorm layers of frozen stages. frozen: inference mode (running statistics fixed) and no gradients, Keras' training=False; trainable: they stay in training mode (running statistics follow the new data) and their scale and shift train.")
                    {
                        Default = "frozen",
                        Values = new[] { "frozen", "trainable" },
                    },
                    LearningRateMultipliers,
                    Optimizer,
                    new SchemaNode("epochs", SchemaKind.Integer, "Epochs of this phase; numbering continues from the phase before, like Keras' initial_epoch.") { IsRequired = true, Range = Epochs },
                    new SchemaNode("schedule", SchemaKind.OneOf, "How the learning rate changes during the phase: constant, step, cosine (with warm-up), one_cycle or reduce_on_plateau; a word for the default settings, or { name: { settings } }. The history records the rate used in each epoch (for one_cycle, its mean over the epoch's steps).")
                    {
                        Default = "constant",
                        Alternatives = new[] { ScheduleWords, ScheduleSettings },
                    },
                    GradientClipping,
                    EarlyStopping,
                },
            };

            FeatureCacheWords = new SchemaNode(string.Empty, SchemaKind.Choice, "auto: cache wherever it is exact or views allow it; off: never.") { Values = new[] { "auto", "off" } };
            FeatureCacheSettings = new SchemaNode(string.Empty, SchemaKind.Mapping, "The mode with the number of augmented views to cache.")
            {
                Label = "feature_cache",
                Properties = new[]
                {
                    new SchemaNode("mode", SchemaKind.Choice, "auto or off.") { Default = "auto", Values = new[] { "auto", "off" } },
                    new SchemaNode("views", SchemaKind.Integer, "With augmentation: augmented views of each image computed once and cached; epoch e uses view (e-1) mod views.") { Range = CacheViews, Default = "1" },
                },
            };
            FeatureCache = new SchemaNode("feature_cache", SchemaKind.OneOf, "Compute the frozen leading stages' output once and reuse it across epochs, when that gives the same training (the training plan says per phase whether and why).")
            {
                Default = "auto",
                Alternatives = new[] { FeatureCacheWords, FeatureCacheSettings },
            };

            Root = new SchemaNode(string.Empty, SchemaKind.Mapping, "A TLDeclarative transfer-learning experiment (*.tl.yaml).")
            {
                Label = "the experiment",
                Merges = true,
                Properties = new[]
                {
                    new SchemaNode("extends", SchemaKind.Path, "A base spec to inherit from: the path of another .tl.yaml, relative to this file. Mappings merge key by key (this file wins); lists are replaced whole.")
                    {
                        Pattern = @"\.tl\.yaml$",
                    },
                    new SchemaNode("experiment", SchemaKind.Identifier, "Name of the generated C# class; not a C# keyword. A file without it is a base spec, only meant to be extended.") { IsRequired = true },
                    new SchemaNode("seed", SchemaKind.Integer, "Seeds weight initialisation of the head, shuffling, augmentation and dropout.") { Range = Seed, Default = Int(ExperimentReader.DefaultSeed) },
                    new SchemaNode("classes", SchemaKind.List, "Class names in label order. They become enum Label members in PascalCase (ankle_boot -> AnkleBoot) and must be the data sub-folder names.")
                    {
                        IsRequired = true,
                        MinItems = 2,
                        Items = new SchemaNode(string.Empty, SchemaKind.Identifier, "A class name, unique in PascalCase."),
                    },
                    Data,
                    Backbone,
                    Head,
                    Augmentation,
                    new SchemaNode("phases", SchemaKind.List, "Trained in order; epoch numbers continue from phase to phase.")
                    {
                        IsRequired = true,
                        MinItems = 1,
                        Items = Phase,
                    },
                    new SchemaNode("output", SchemaKind.Path, "Folder for the model bundle, history, curves and report.") { DefaultNote = "artifacts/<experiment>" },
                    FeatureCache,
                    new SchemaNode("checkpoints", SchemaKind.Mapping, "Checkpoints: the last epoch's is always kept; the best one is chosen by monitor.")
                    {
                        Label = "checkpoints",
                        Properties = new[] { Monitor("The metric that picks the best epoch.") },
                    },
                    new SchemaNode("evaluation", SchemaKind.Mapping, "How the validation and test sets are evaluated.")
                    {
                        Label = "evaluation",
                        Properties = new[]
                        {
                            new SchemaNode("top_k", SchemaKind.Integer, "Also report top-k accuracy for this k; at most the class count (1: plain accuracy only).") { Range = TopK, Default = "1" },
                            new SchemaNode("tta", SchemaKind.Boolean, "Test-time augmentation: average the predictions of each image and its horizontal mirror.") { Default = "false" },
                        },
                    },
                },
            };
            Root.AssignPaths(string.Empty);
        }

        /// <summary>The whole spec: the top-level mapping.</summary>
        public static SchemaNode Root { get; }

        public static SchemaNode Data { get; }

        public static SchemaNode Backbone { get; }

        public static SchemaNode Head { get; }

        /// <summary>An item of <c>head.layers</c>.</summary>
        public static SchemaNode HeadLayer { get; }

        /// <summary>The mapping form of <c>dense</c> in a head layer.</summary>
        public static SchemaNode DenseLayer { get; }

        public static SchemaNode Augmentation { get; }

        /// <summary>An item of <c>phases</c>.</summary>
        public static SchemaNode Phase { get; }

        /// <summary>The word form of <c>freeze</c>: all, none.</summary>
        public static SchemaNode FreezeWords { get; }

        /// <summary>The mapping form of <c>freeze</c>: { until: stage }, { train_last: N } or { except: [globs] }.</summary>
        public static SchemaNode Freeze { get; }

        /// <summary><c>phases[].lr_mult</c>: a multiplier per stage name.</summary>
        public static SchemaNode LearningRateMultipliers { get; }

        public static SchemaNode Optimizer { get; }

        /// <summary>The word form of <c>schedule</c>: constant, cosine, one_cycle, reduce_on_plateau.</summary>
        public static SchemaNode ScheduleWords { get; }

        /// <summary>The mapping form of <c>schedule</c>: { cosine: { warmup_epochs: 1 } }.</summary>
        public static SchemaNode ScheduleSettings { get; }

        public static SchemaNode GradientClipping { get; }

        /// <summary><c>phases[].early_stopping</c>.</summary>
        public static SchemaNode EarlyStopping { get; }

        /// <summary><c>backbone.preprocessing</c> (ONNX backbones).</summary>
        public static SchemaNode Preprocessing { get; }

        /// <summary>An item of <c>backbone.stages</c> (ONNX backbones).</summary>
        public static SchemaNode OnnxStage { get; }

        public static SchemaNode RandomResizedCrop { get; }

        public static SchemaNode FeatureCache { get; }

        /// <summary>The word form of <c>feature_cache</c>: auto, off.</summary>
        public static SchemaNode FeatureCacheWords { get; }

        /// <summary>The mapping form of <c>feature_cache</c>: { mode: auto, views: 4 }.</summary>
        public static SchemaNode FeatureCacheSettings { get; }

        /// <summary><c>backbone.weights</c> of an ONNX backbone that keeps the file's weights.</summary>
        public const string OnnxFileWeights = "file";

        /// <summary>Every node of the schema, depth first.</summary>
        public static IEnumerable<SchemaNode> All => Root.DescendantsAndSelf();

        /// <summary>
        /// The values of a <see cref="SchemaKind.Choice"/> (or the keys of a mapping) mapped onto an enum:
        /// <c>global_average</c> is <c>GlobalAverage</c>, <c>rmsprop</c> is <c>RmsProp</c> (case and
        /// underscores ignored). A value without a member is a bug that the spec tests catch.
        /// </summary>
        internal static Dictionary<string, T> EnumOf<T>(IEnumerable<string> values)
            where T : struct
        {
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var value in values)
                map[value] = (T)Enum.Parse(typeof(T), value.Replace("_", string.Empty), ignoreCase: true);
            return map;
        }

        private static SchemaNode OptimizerSettings(string name, string what, bool momentum, bool nesterov = false, double weightDecayDefault = 0)
        {
            var settings = new List<SchemaNode>
            {
                new SchemaNode("learning_rate", SchemaKind.Number, "Learning rate; fine-tuning wants a very low one (1.0e-5).") { IsRequired = true, Range = LearningRate },
            };
            if (momentum)
                settings.Add(new SchemaNode("momentum", SchemaKind.Number, "Momentum; 0 means none.") { Range = Momentum, Default = "0" });
            if (nesterov)
                settings.Add(new SchemaNode("nesterov", SchemaKind.Boolean, "Nesterov momentum; needs a momentum above 0.") { Default = "false" });
            settings.Add(new SchemaNode("weight_decay", SchemaKind.Number, "Weight decay; 0 means none.") { Range = WeightDecay, Default = Number(weightDecayDefault) });
            return new SchemaNode(name, SchemaKind.Mapping, what + " Settings: " + string.Join(", ", settings.Select(s => s.Key)) + ".")
            {
                Label = "optimizer '" + name + "'",
                Properties = settings,
            };
        }

        private static SchemaNode Monitor(string what) =>
            new SchemaNode("monitor", SchemaKind.Choice, what + " val_loss, val_accuracy, val_f1 (macro F1): validation set; loss, accuracy: training.") { Default = "val_loss", Values = MonitorValues };

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static SchemaNode ScheduleNode(string name, string what, params SchemaNode[] settings) =>
            new SchemaNode(name, SchemaKind.Mapping, what + " Settings: " + string.Join(", ", settings.Select(s => s.Key)) + ".")
            {
                Label = "schedule '" + name + "'",
                Properties = settings,
            };
    }
}
