@NullMarked
package org.p2psip.landmark.mesh;

import org.jspecify.annotations.NullMarked;
