package dev.jminikube.addons;

import java.util.List;

/**
 * One row of {@code addons list}.
 *
 * @param status what the cluster shows: e.g. {@code Running}, {@code Pending (0/1 ready)}, {@code Applied},
 *               {@code Missing} (enabled but its objects are gone), or {@code -} when disabled
 */
public record AddonStatus(String name, boolean enabled, String status, List<AddonImage> images, String description) {
    public AddonStatus {
        images = List.copyOf(images);
    }
}
