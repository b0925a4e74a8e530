package dev.jminikube.addons.images;

import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonImages;
import java.util.List;
import java.util.Optional;

/** The recipe of every image jminikube builds itself (see {@link AddonImages}). */
public final class LocalImageRecipes {
    private static final List<GoImageRecipe> RECIPES = List.of(
            new GoImageRecipe(AddonImages.COREDNS, "coredns", "/coredns", List.of("53/udp", "53/tcp")),
            new GoImageRecipe(AddonImages.COREDNS_LEGACY, "coredns-legacy", "/coredns", List.of("53/udp", "53/tcp")),
            new GoImageRecipe(AddonImages.STORAGE_PROVISIONER, "storage-provisioner", "/storage-provisioner",
                    List.of()));

    private LocalImageRecipes() {
    }

    public static Optional<GoImageRecipe> of(AddonImage image) {
        return RECIPES.stream().filter(r -> r.image().equals(image)).findFirst();
    }

    public static List<GoImageRecipe> all() {
        return RECIPES;
    }
}
