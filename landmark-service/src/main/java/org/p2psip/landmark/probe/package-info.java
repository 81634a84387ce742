@NullMarked
package org.p2psip.landmark.probe;

import org.jspecify.annotations.NullMarked;
