@NullMarked
package org.p2psip.enrollment.overlay;

import org.jspecify.annotations.NullMarked;
